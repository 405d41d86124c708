import { ErrorCode } from '../errors.js';
import { notIntercom } from '../intercom/api.js';
import type {
  CallOptions,
  CallStats,
  IntercomClient,
} from '../intercom/client.js';
import { IntercomError } from '../intercom/errors.js';
import type {
  IntercomConversationList,
  IntercomMe,
} from '../intercom/models.js';
import type { Region } from '../intercom/regions.js';

/** What a check found, with when; each status carries what explains it. */
export type Health =
  | { status: 'ACTIVE'; checkedAt: number; workspaceName: string }
  | { status: 'INVALID_TOKEN'; checkedAt: number; error: IntercomError }
  | { status: 'WRONG_REGION'; checkedAt: number; tokenRegion: Region }
  | {
      status: 'MISSING_SCOPE';
      checkedAt: number;
      /** Permissions the app lacks, as Intercom's Developer Hub names them. */
      missing: string[];
      /** Reads the workspace's Intercom plan does not include at all. */
      notInPlan: PlanGap[];
    }
  | { status: 'RATE_LIMITED'; checkedAt: number; retryAfterSeconds: number }
  | { status: 'UNREACHABLE'; checkedAt: number; error: IntercomError };

/** A read that Intercom refused because of the workspace's plan. */
export interface PlanGap {
  /** The permission Intercom's Developer Hub shows for the read. */
  permission: string;
  /** What the read is of, in words: `conversations`. */
  data: string;
}

/** A read the schema depends on beyond `GET /me`, and who may make it. */
interface ScopeProbe extends PlanGap {
  path: string;
}

const CONTACTS_PROBE: ScopeProbe = {
  path: '/contacts?per_page=1',
  permission: 'Read and list users and companies',
  data: 'contacts and companies',
};
const CONVERSATIONS_PROBE: ScopeProbe = {
  path: '/conversations?per_page=1',
  permission: 'Read conversations',
  data: 'conversations',
};

/**
 * A conversation read by id, as its parts are: Intercom may let a token
 * list conversations and still refuse to retrieve one (the scope behind
 * their content), which the list alone would not show.
 */
function conversationProbe(id: string): ScopeProbe {
  return {
    path: `/conversations/${encodeURIComponent(id)}`,
    permission: "Read conversations (a conversation's parts)",
    data: "conversations' parts",
  };
}

/** A read Intercom refused: for want of a permission, or of the plan. */
interface Refusal extends PlanGap {
  notInPlan: boolean;
}

/**
 * The refusal a probe's failure means, if it is one. Other failures say
 * nothing about permissions; the reads that need the data report them.
 */
function refusalOf(error: unknown, probe: ScopeProbe): Refusal | undefined {
  if (!(error instanceof IntercomError)) throw error;
  if (error.code !== ErrorCode.FORBIDDEN) return undefined;
  return {
    permission: probe.permission,
    data: probe.data,
    notInPlan: error.intercomCode === 'api_plan_restricted',
  };
}

export interface HealthCheckOptions {
  connectionId: string;
  region: Region;
  client: IntercomClient;
  /**
   * The same token on each other region's host, to find where it works;
   * empty where the operator turned that search off.
   */
  otherRegions: readonly { region: Region; client: IntercomClient }[];
  /** How long the whole check may take, probes of other regions included. */
  deadlineMs: number;
  /** The operation that asked, charged for the check's calls. */
  stats?: CallStats | undefined;
}

/**
 * Checks a connection against Intercom now: `GET /me` on its own region,
 * then the reads it needs. A token Intercom rejects is tried on the other
 * regions' hosts (unless the operator turned that off), since the
 * commonest mistake is a workspace configured in the wrong region.
 */
export async function checkHealth(
  options: HealthCheckOptions,
): Promise<Health> {
  // A check reports a spent rate limit rather than waiting for its reset:
  // the caller asked how the connection is, not for its data.
  const call: CallOptions = {
    deadline: Date.now() + options.deadlineMs,
    waitForRateLimit: false,
    ...(options.stats ? { stats: options.stats } : {}),
  };
  let me: IntercomMe;
  try {
    me = await options.client.get<IntercomMe>('/me', undefined, call);
  } catch (error: unknown) {
    if (!(error instanceof IntercomError)) throw error;
    return healthOfFailure(error, options, call);
  }

  // The probes run side by side, except the read of a conversation by id,
  // which needs an id from the list.
  const read = (probe: ScopeProbe) =>
    options.client.get(probe.path, undefined, call).then(
      () => undefined,
      (error: unknown) => refusalOf(error, probe),
    );
  const conversations = options.client
    .get<IntercomConversationList>(CONVERSATIONS_PROBE.path, undefined, call)
    .then(
      (list) => {
        // An answer without the list is no refusal; reads report it.
        const listed: unknown = list.conversations;
        const first = Array.isArray(listed)
          ? (listed[0] as { id?: unknown } | undefined)
          : undefined;
        return typeof first?.id === 'string'
          ? read(conversationProbe(first.id))
          : undefined;
      },
      (error: unknown) => refusalOf(error, CONVERSATIONS_PROBE),
    );
  const refused = (
    await Promise.all([read(CONTACTS_PROBE), conversations])
  ).filter((refusal) => refusal !== undefined);

  const checkedAt = Date.now();
  if (refused.length > 0) {
    return {
      status: 'MISSING_SCOPE',
      checkedAt,
      missing: refused
        .filter((refusal) => !refusal.notInPlan)
        .map((refusal) => refusal.permission),
      notInPlan: refused
        .filter((refusal) => refusal.notInPlan)
        .map(({ permission, data }) => ({ permission, data })),
    };
  }
  return {
    status: 'ACTIVE',
    checkedAt,
    workspaceName: me.app?.name ?? 'an unnamed workspace',
  };
}

type MissingScope = Extract<Health, { status: 'MISSING_SCOPE' }>;

/**
 * A MISSING_SCOPE check's `missingScopes`: the permissions to grant, then
 * those the plan lacks, marked so.
 */
export function missingScopes(health: MissingScope): string[] {
  return [
    ...health.missing,
    ...health.notInPlan.map(
      ({ permission }) =>
        `${permission} (not in the workspace's Intercom plan)`,
    ),
  ];
}

/**
 * What to do about a MISSING_SCOPE check, in sentences; `token` names the
 * token (`The token of connection 'acme-eu'`). A missing permission is
 * granted in the Developer Hub; an API the plan lacks comes only with
 * another plan, which no permission can replace.
 */
export function describeMissing(health: MissingScope, token: string): string {
  const sentences: string[] = [];
  const { missing, notInPlan } = health;
  if (missing.length > 0) {
    sentences.push(
      `${token} lacks ${missing.join(' and ')}; grant ${missing.length > 1 ? 'them' : 'it'} to the app in Intercom's Developer Hub.`,
    );
  }
  if (notInPlan.length > 0) {
    const data = notInPlan.map((gap) => gap.data).join(' and ');
    const permissions = notInPlan.map((gap) => gap.permission).join(', ');
    sentences.push(
      `The workspace's Intercom plan does not include API access to ${data} (${permissions}); upgrade the workspace's Intercom plan to read them, as no permission granted in the Developer Hub can.`,
    );
  }
  return sentences.join(' ');
}

async function healthOfFailure(
  error: IntercomError,
  options: HealthCheckOptions,
  call: CallOptions,
): Promise<Health> {
  const checkedAt = Date.now();
  switch (error.code) {
    case ErrorCode.INTERCOM_UNAUTHORIZED: {
      const tokenRegion = await regionOfToken(options, call);
      return tokenRegion
        ? { status: 'WRONG_REGION', checkedAt, tokenRegion }
        : { status: 'INVALID_TOKEN', checkedAt, error };
    }
    case ErrorCode.FORBIDDEN: {
      const admins = { permission: 'Read admins', data: 'admins' };
      return error.intercomCode === 'api_plan_restricted'
        ? {
            status: 'MISSING_SCOPE',
            checkedAt,
            missing: [],
            notInPlan: [admins],
          }
        : {
            status: 'MISSING_SCOPE',
            checkedAt,
            missing: [admins.permission],
            notInPlan: [],
          };
    }
    case ErrorCode.RATE_LIMITED:
      return {
        status: 'RATE_LIMITED',
        checkedAt,
        retryAfterSeconds: error.retryAfterSeconds ?? 0,
      };
    case ErrorCode.NOT_FOUND:
      return {
        status: 'UNREACHABLE',
        checkedAt,
        error: notIntercom(error, options.region),
      };
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.UPSTREAM_UNAVAILABLE:
      return { status: 'UNREACHABLE', checkedAt, error };
  }
}

/** The other region whose host accepts the token, if one does. */
async function regionOfToken(
  options: HealthCheckOptions,
  call: CallOptions,
): Promise<Region | undefined> {
  const accepted = await Promise.all(
    options.otherRegions.map(({ region, client }) =>
      client.get('/me', undefined, call).then(
        () => region,
        () => undefined,
      ),
    ),
  );
  return accepted.find((region) => region !== undefined);
}

/** What an operator reads to understand, and fix, a connection's state. */
export function describeHealth(health: Health, connectionId: string): string {
  const name = `connection '${connectionId}'`;
  switch (health.status) {
    case 'ACTIVE':
      return `Intercom accepts the token of ${name} for workspace '${health.workspaceName}'.`;
    case 'INVALID_TOKEN':
      return `${health.error.message}. Replace the token with a valid access token from Intercom's Developer Hub.`;
    case 'WRONG_REGION':
      return `The token of ${name} belongs to a workspace in the ${health.tokenRegion.toUpperCase()} region; set the connection's region to ${health.tokenRegion}.`;
    case 'MISSING_SCOPE':
      return describeMissing(health, `The token of ${name}`);
    case 'RATE_LIMITED':
      return `Intercom's rate limit for ${name} is spent; it resets in about ${health.retryAfterSeconds} s.`;
    case 'UNREACHABLE':
      return `${health.error.message}. Check the region's host in the configuration and the network path to it.`;
  }
}

/**
 * A connection's last check, reused for a while so that the compliance
 * UI asking for every connection's status all day does not turn into a
 * stream of calls; concurrent askers share one check.
 */
export class HealthMonitor {
  readonly #check: (stats?: CallStats) => Promise<Health>;
  readonly #ttlMs: number;
  readonly #onChange: (health: Health, before?: Health) => void;
  #last: { health: Promise<Health>; at: number } | undefined;
  #settled: Health | undefined;

  constructor(options: {
    /** Runs a check, counting its calls into the asker's stats. */
    check: (stats?: CallStats) => Promise<Health>;
    ttlMs: number;
    /** Told when a check's status differs from the one before. */
    onChange: (health: Health, before?: Health) => void;
  }) {
    this.#check = options.check;
    this.#ttlMs = options.ttlMs;
    this.#onChange = options.onChange;
  }

  /** Whether `get()` would answer from the last check, without a call. */
  isFresh(): boolean {
    return this.#last !== undefined && Date.now() - this.#last.at < this.#ttlMs;
  }

  /**
   * The last check while it is fresh, or a new one. Only the operation
   * that starts a check is charged for its calls (`stats`); those that
   * share it or its result pay nothing.
   */
  get(options: { fresh?: boolean; stats?: CallStats } = {}): Promise<Health> {
    if (!options.fresh && this.#last && this.isFresh()) {
      return this.#last.health;
    }
    const health = this.#check(options.stats);
    this.#last = { health, at: Date.now() };
    health.then(
      (found) => {
        const before = this.#settled;
        this.#settled = found;
        if (before?.status !== found.status) this.#onChange(found, before);
      },
      // A check that throws (a bug, not an Intercom failure) is not kept.
      () => {
        if (this.#last?.health === health) this.#last = undefined;
      },
    );
    return health;
  }
}
