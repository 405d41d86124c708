/**
 * Workspace settings: the reasons admins may give for being away, the IP
 * allowlist and the brands. Each draws from a stream of its own.
 */
import type { Region } from '../../intercom/regions.js';
import { DAY_SECONDS } from '../time.js';
import { NETWORKS } from './activity.js';
import {
  AWAY_STATUS_REASONS,
  BRAND_LINES,
  STANDARD_AWAY_REASONS,
} from './catalog.js';
import type { GenerationContext } from './context.js';
import type {
  SimulatedApp,
  SimulatedAwayStatusReason,
  SimulatedBrand,
  SimulatedIpAllowlist,
} from './types.js';

/**
 * How a workspace uses its IP allowlist: `enforced` (on, with entries),
 * `paused` (off, its entries kept from when it was on) or `unused` (off
 * and empty).
 */
export type AllowlistUse = 'enforced' | 'paused' | 'unused';

/**
 * Settings fixed per region rather than drawn, so that with any seed
 * clients meet each variation in some region.
 */
export const REGION_SETTINGS: Readonly<
  Record<Region, { identityVerification: boolean; ipAllowlist: AllowlistUse }>
> = {
  us: { identityVerification: true, ipAllowlist: 'enforced' },
  eu: { identityVerification: false, ipAllowlist: 'paused' },
  au: { identityVerification: true, ipAllowlist: 'unused' },
};

/** A reason's chance of having been deleted since it was created. */
const DELETED_SHARE = 0.25;

/**
 * The standard reasons, created with the workspace, then one to three of
 * the workspace's own, created later; ids and display order follow
 * creation. Some were deleted (at least one in every workspace) and stay
 * listed as such, as the description says; admins who set a reason before
 * it was deleted still name it.
 */
export function generateAwayStatusReasons(
  ctx: GenerationContext,
  app: SimulatedApp,
): SimulatedAwayStatusReason[] {
  const random = ctx.random('away-reasons');
  const standard = AWAY_STATUS_REASONS.slice(0, STANDARD_AWAY_REASONS);
  const own = random.sample(
    AWAY_STATUS_REASONS.slice(STANDARD_AWAY_REASONS),
    random.int(1, 3),
  );
  const ownCreated = own
    .map(() =>
      random.int(app.created_at + 30 * DAY_SECONDS, ctx.now - 30 * DAY_SECONDS),
    )
    .sort((a, b) => a - b);
  const reasons = [...standard, ...own].map(([label, emoji], i) => {
    const createdAt = ownCreated[i - standard.length] ?? app.created_at;
    const deleted = random.chance(DELETED_SHARE);
    const reason: SimulatedAwayStatusReason = {
      type: 'away_status_reason',
      id: String(i + 1),
      label,
      emoji,
      order: i + 1,
      deleted,
      created_at: createdAt,
      updated_at: deleted
        ? random.int(createdAt + DAY_SECONDS, ctx.now - DAY_SECONDS)
        : createdAt,
    };
    return reason;
  });

  // Every workspace shows a deleted reason: the newest, if none was.
  const newest = reasons[reasons.length - 1];
  if (newest !== undefined && !reasons.some((reason) => reason.deleted)) {
    newest.deleted = true;
    newest.updated_at = random.int(
      newest.created_at + DAY_SECONDS,
      ctx.now - DAY_SECONDS,
    );
  }
  return reasons;
}

/**
 * The ranges the workspace's staff work from (the networks its activity
 * log's sign-ins come from, as /16 ranges), then single addresses of the
 * company VPN, from the ranges reserved for documentation.
 */
export function generateIpAllowlist(
  ctx: GenerationContext,
): SimulatedIpAllowlist {
  const random = ctx.random('ip-allowlist');
  const use = REGION_SETTINGS[ctx.region].ipAllowlist;
  const entries = [
    ...NETWORKS[ctx.region].map((network) => `${network}.0.0/16`),
    `198.51.100.${random.int(1, 254)}`,
    `203.0.113.${random.int(1, 254)}`,
  ];
  return {
    type: 'ip_allowlist',
    enabled: use === 'enforced',
    ip_allowlist: use === 'unused' ? [] : entries,
  };
}

/**
 * The default brand, which is the workspace itself (its id is the app's
 * `id_code`, as the description says), then none to three product lines
 * launched later, with ids, help centers and address settings numbered in
 * the order they were made.
 */
export function generateBrands(
  ctx: GenerationContext,
  app: SimulatedApp,
): SimulatedBrand[] {
  const random = ctx.random('brands');
  const house = app.name.split(/[ ,]/)[0] ?? app.name;
  const lines = random.sample(BRAND_LINES, random.int(0, 3));
  const helpCenters = random.int(1, 40);
  const addresses = random.int(1, 40);
  const edited = (createdAt: number) => random.int(createdAt, ctx.now);

  const brands: SimulatedBrand[] = [
    {
      type: 'brand',
      id: app.id_code,
      name: app.name,
      is_default: true,
      created_at: app.created_at,
      updated_at: edited(app.created_at),
      help_center_id: String(helpCenters),
      default_address_settings_id: String(addresses),
    },
  ];
  let id = random.int(2, 20);
  let createdAt = app.created_at;
  lines.forEach((line, i) => {
    id += random.int(1, 4);
    createdAt = random.int(
      createdAt + DAY_SECONDS,
      createdAt + 120 * DAY_SECONDS,
    );
    brands.push({
      type: 'brand',
      id: String(id),
      name: `${house} ${line}`,
      is_default: false,
      created_at: createdAt,
      updated_at: edited(createdAt),
      help_center_id: String(helpCenters + i + 1),
      default_address_settings_id: String(addresses + i + 1),
    });
  });
  return brands;
}
