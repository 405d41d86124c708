/**
 * The workspace itself and the people who run it: the app, its admins,
 * their roles, their teams (membership and priority agree both ways) and
 * the workspace's tags.
 */
import type { IntercomTag } from '../../intercom/models.js';
import type { Random } from '../random.js';
import { DAY_SECONDS } from '../time.js';
import { JOB_TITLES, TAG_NAMES, TEAM_NAMES } from './catalog.js';
import type { GenerationContext } from './context.js';
import {
  assignRoles,
  generateRoles,
  rankTeams,
  teamPriorityOf,
  type AdminDraft,
  type TeamDraft,
} from './roles.js';
import { REGION_SETTINGS } from './settings.js';
import type {
  SimulatedAdmin,
  SimulatedApp,
  SimulatedMe,
  SimulatedTeam,
} from './types.js';

const AVATARS = 'https://static.intercomassets.com/avatars';

export interface Staff {
  app: SimulatedApp;
  me: SimulatedMe;
  admins: SimulatedAdmin[];
  teams: SimulatedTeam[];
  tags: IntercomTag[];
  /** The domain the workspace's admins have their email addresses at. */
  domain: string;
}

/** Distinct integers in [min, max], in generation order. */
function uniqueNumbers(
  random: Random,
  count: number,
  min: number,
  max: number,
) {
  const seen = new Set<number>();
  while (seen.size < count) {
    seen.add(random.int(min, max));
  }
  return [...seen];
}

export function generateStaff(ctx: GenerationContext): Staff {
  const random = ctx.random('staff');
  const faker = ctx.faker('staff');

  // The app. Intercom's id_code is 8 lowercase letters and digits.
  const companyName = faker.company.name();
  const firstWord = companyName.split(/[ ,]/)[0] ?? 'acme';
  const domain = `${faker.helpers.slugify(firstWord).toLowerCase()}.example`;
  const app: SimulatedApp = {
    type: 'app',
    id_code: faker.string.alphanumeric({ length: 8, casing: 'lower' }),
    name: companyName,
    region: ctx.profile.appRegion,
    timezone: ctx.profile.timezone,
    created_at: ctx.now - random.int(732, 760) * DAY_SECONDS,
    identity_verification: REGION_SETTINGS[ctx.region].identityVerification,
  };
  // The draw that once decided identity verification is still made, so
  // that every later draw of this stream keeps its value.
  random.next();

  // Admins, then teams drawn from them. Every team gets at least one admin;
  // some admins stay in no team, as in real workspaces.
  const adminIds = uniqueNumbers(
    random,
    random.int(8, 15),
    5_100_000,
    9_899_999,
  );
  const teamIds = uniqueNumbers(random, random.int(3, 6), 1_000_000, 4_999_999);
  const teamNames = random.sample(TEAM_NAMES, teamIds.length);
  const members = new Map<number, Set<number>>(
    teamIds.map((id) => [id, new Set<number>()]),
  );
  adminIds.forEach((adminId, i) => {
    const firstTeam = teamIds[i % teamIds.length] as number;
    if (i < teamIds.length || random.chance(0.6)) {
      members.get(firstTeam)?.add(adminId);
    }
    if (random.chance(0.25)) {
      members.get(random.pick(teamIds))?.add(adminId);
    }
  });

  const teamDrafts: TeamDraft[] = teamIds.map((id, i) => {
    const loadBalanced = random.chance(0.4);
    return {
      type: 'team',
      id: String(id),
      name: teamNames[i] ?? `Team ${i + 1}`,
      admin_ids: [...(members.get(id) ?? [])].sort((a, b) => a - b),
      // Intercom sends an assignment limit only for load-balanced teams.
      assignment_limit: loadBalanced ? random.int(5, 25) : null,
      distribution_method: loadBalanced ? 'load_balanced' : 'round_robin',
    };
  });

  const adminDrafts: AdminDraft[] = adminIds.map((id) => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const local = faker.helpers.slugify(`${first}.${last}`).toLowerCase();
    const away = random.chance(0.15);
    const admin: AdminDraft = {
      type: 'admin',
      id: String(id),
      name: `${first} ${last}`,
      email: `${local}@${domain}`,
      away_mode_enabled: away,
      away_mode_reassign: away && random.chance(0.5),
      away_status_reason_id: away ? random.int(1, 4) : null,
      has_inbox_seat: random.chance(0.9),
      team_ids: teamDrafts
        .filter((team) => team.admin_ids.includes(id))
        .map((team) => Number(team.id)),
      avatar: random.chance(0.7)
        ? `${AVATARS}/${id}/square_128/avatar.png`
        : null,
    };
    // `job_title` is a non-nullable string in the description: when an
    // admin has none, the property is left out rather than sent as null.
    if (random.chance(0.8)) {
      admin.job_title = random.pick(JOB_TITLES);
    }
    return admin;
  });

  // Priority levels and roles, added after the fields above so those
  // keep their place in every record.
  const teams: SimulatedTeam[] = rankTeams(ctx, teamDrafts);
  const roles = assignRoles(ctx, adminDrafts, generateRoles(ctx));
  const admins: SimulatedAdmin[] = adminDrafts.map((draft) => {
    const role = roles.get(draft.id);
    return {
      ...draft,
      team_priority_level: teamPriorityOf(draft, teams),
      ...(role === undefined ? {} : { role }),
    };
  });

  // The token belongs to the first admin: GET /me answers with it.
  const owner = admins[0] as SimulatedAdmin;
  const me: SimulatedMe = {
    type: 'admin',
    id: owner.id,
    name: owner.name,
    email: owner.email,
    ...(owner.job_title === undefined ? {} : { job_title: owner.job_title }),
    away_mode_enabled: owner.away_mode_enabled,
    away_mode_reassign: owner.away_mode_reassign,
    has_inbox_seat: owner.has_inbox_seat,
    team_ids: owner.team_ids,
    avatar: { type: 'avatar', image_url: owner.avatar },
    email_verified: true,
    app,
  };

  const tagIds = uniqueNumbers(random, random.int(10, 20), 100_000, 9_999_999);
  const tagNames = random.sample(TAG_NAMES, tagIds.length);
  const tags: IntercomTag[] = tagIds.map((id, i) => ({
    type: 'tag',
    id: String(id),
    name: tagNames[i] ?? `Tag ${i + 1}`,
  }));

  return { app, me, admins, teams, tags, domain };
}
