/**
 * An Intercom stand-in for machines without internet: one HTTP server per
 * region (US, EU, AU), each serving one workspace of deterministic data
 * in the shapes of Intercom's REST API 2.16.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REGIONS, type Region } from '../intercom/regions.js';
import { TOKEN_VARIANTS, type TokenVariant } from './access.js';
import { CallLog, type SimulatorCall } from './calls.js';
import { tokenFor } from './data/context.js';
import type { SimulatedActivityLog, SimulatedWorkspace } from './data/types.js';
import {
  generateWorkspace,
  MIN_CONTACTS,
  MIN_CONVERSATIONS,
} from './data/workspace.js';
import {
  FaultRules,
  type FaultOptions,
  type SimulatedFault,
} from './faults.js';
import { createRegionServer } from './server.js';
import { createStore } from './store.js';
import { referenceTimeFor } from './time.js';

export type { SimulatorCall } from './calls.js';
export { busyMs, endpoint, roundTrips } from './calls.js';
export type * from './data/types.js';
export type { FaultOptions, SimulatedFault } from './faults.js';
export type { TokenVariant } from './access.js';

export interface SimulatorOptions {
  /** Default 1. The same seed gives byte-identical data. */
  seed?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 for each region: an ephemeral port. */
  ports?: Partial<Record<Region, number>>;
  /** Default 0. Added before every answer (benchmarks use it). */
  latencyMs?: number;
  /** Default 400. */
  contactsPerWorkspace?: number;
  /** Default 150. */
  conversationsPerWorkspace?: number;
  /**
   * Requests one token may make in one window on one regional host.
   * Default 1666: about Intercom's 10,000 a minute, in 10-second windows.
   */
  rateLimitPerWindow?: number;
  /**
   * Default 10. Windows start at multiples of this many seconds of Unix
   * time, so `X-RateLimit-Reset` is one such multiple.
   */
  rateLimitWindowSeconds?: number;
  /**
   * Default 500, Intercom's limit: `GET /conversations/{id}` returns the
   * newest this many parts (the counts still cover all of them).
   */
  maxConversationParts?: number;
}

export interface SimulatedRegion {
  region: Region;
  /** The base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** A valid Bearer token for this region's workspace. */
  token: string;
  /**
   * Tokens of this workspace that are refused in part or whole:
   * `revoked` and `expired` get 401 `token_revoked` / `token_expired` on
   * every call; `noParts` reads everything but one conversation (403
   * `forbidden` on `GET /conversations/{id}`, naming the missing scope);
   * `planRestricted` gets 403 `api_plan_restricted` on every
   * `/conversations` endpoint; `noIpAllowlist` reads everything but the
   * IP allowlist (403 `forbidden` on `GET /ip_allowlist`, naming the
   * `manage_ip_allowlist` scope). Other regions refuse them all with 401
   * `unauthorized`, like any token not theirs. `valid` is `token`.
   */
  tokens: Readonly<Record<TokenVariant, string>>;
  /**
   * The raw records, so tests can compute what answers should hold. Read
   * only: the server encodes each record once and keeps the bytes.
   */
  workspace: SimulatedWorkspace;
}

export interface Simulator {
  regions: Record<Region, SimulatedRegion>;
  /**
   * Every request, all regions, in arrival order, once answered (or, for
   * an injected `hang`, once its socket closed).
   */
  calls(): readonly SimulatorCall[];
  resetCalls(): void;
  /**
   * TCP connections each region has accepted since it started: a client
   * that keeps its sockets alive opens few, however many calls it makes.
   */
  socketsAccepted(): Record<Region, number>;
  /**
   * Makes matching requests to a region answer with a fault, `times`
   * times (default once). Rules apply in the order injected; each request
   * uses up one answer of the first rule it matches. Faulted requests
   * count against the rate budget (except `hang`) and are logged with the
   * status sent (a `hang` with 0, once its socket closes).
   */
  inject(region: Region, fault: SimulatedFault, options?: FaultOptions): void;
  /** Forgets the faults not yet used, of one region or of all. */
  clearFaults(region?: Region): void;
  /**
   * An admin does something: the entry joins the region's activity log in
   * its place (newest first), as Intercom's log grows while clients read
   * it. Every other record stays as generated. Cursors of
   * `GET /admins/activity_logs` are positions, so one handed out before
   * the entry joined points one entry earlier after it.
   */
  logActivity(region: Region, entry: SimulatedActivityLog): void;
  close(): Promise<void>;
}

interface ResolvedOptions {
  seed: number;
  host: string;
  ports: Record<Region, number>;
  latencyMs: number;
  contacts: number;
  conversations: number;
  rateLimitPerWindow: number;
  rateLimitWindowSeconds: number;
  maxConversationParts: number;
}

function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    seed: options.seed ?? 1,
    host: options.host ?? '127.0.0.1',
    ports: {
      us: options.ports?.us ?? 0,
      eu: options.ports?.eu ?? 0,
      au: options.ports?.au ?? 0,
    },
    latencyMs: options.latencyMs ?? 0,
    contacts: options.contactsPerWorkspace ?? 400,
    conversations: options.conversationsPerWorkspace ?? 150,
    rateLimitPerWindow: options.rateLimitPerWindow ?? 1666,
    rateLimitWindowSeconds: options.rateLimitWindowSeconds ?? 10,
    maxConversationParts: options.maxConversationParts ?? 500,
  };
  const checks: [string, number, number][] = [
    ['seed', resolved.seed, 0],
    ['latencyMs', resolved.latencyMs, 0],
    ['contactsPerWorkspace', resolved.contacts, MIN_CONTACTS],
    ['conversationsPerWorkspace', resolved.conversations, MIN_CONVERSATIONS],
    ['rateLimitPerWindow', resolved.rateLimitPerWindow, 1],
    ['rateLimitWindowSeconds', resolved.rateLimitWindowSeconds, 1],
    ['maxConversationParts', resolved.maxConversationParts, 1],
  ];
  for (const [name, value, min] of checks) {
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(
        `SimulatorOptions.${name} must be an integer >= ${min}; got ${value}`,
      );
    }
  }
  return resolved;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function shutDown(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
    // Idle keep-alive sockets would otherwise hold close() open.
    server.closeAllConnections();
  });
}

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<Simulator> {
  const config = resolveOptions(options);
  const referenceTime = referenceTimeFor(config.seed);
  const calls = new CallLog();
  const faults = {} as Record<Region, FaultRules>;
  const servers: Server[] = [];
  const regions = {} as Record<Region, SimulatedRegion>;
  const sockets = {} as Record<Region, number>;
  const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;

  try {
    for (const region of REGIONS) {
      const workspace = generateWorkspace(config.seed, region, referenceTime, {
        contacts: config.contacts,
        conversations: config.conversations,
      });
      const tokens = Object.fromEntries(
        TOKEN_VARIANTS.map((variant) => [
          variant,
          tokenFor(config.seed, region, variant),
        ]),
      ) as Record<TokenVariant, string>;
      faults[region] = new FaultRules();
      const server = createRegionServer({
        region,
        store: createStore(workspace, {
          maxConversationParts: config.maxConversationParts,
        }),
        tokens,
        latencyMs: config.latencyMs,
        rateLimit: {
          perWindow: config.rateLimitPerWindow,
          windowSeconds: config.rateLimitWindowSeconds,
        },
        faults: faults[region],
        calls,
      });
      servers.push(server);
      sockets[region] = 0;
      server.on('connection', () => {
        sockets[region] += 1;
      });
      const port = await listen(server, config.host, config.ports[region]);
      regions[region] = {
        region,
        url: `http://${urlHost}:${port}`,
        token: tokens.valid,
        tokens,
        workspace,
      };
    }
  } catch (error: unknown) {
    // A port in use: release the regions already listening.
    await Promise.allSettled(servers.filter((s) => s.listening).map(shutDown));
    throw error;
  }

  // Closing twice is harmless: the second call waits on the first.
  let closing: Promise<void> | undefined;
  return {
    regions,
    calls: () => calls.list(),
    resetCalls: () => {
      calls.reset();
    },
    socketsAccepted: () => ({ ...sockets }),
    inject: (region, fault, injectOptions) => {
      const rules = faults[region] as FaultRules | undefined;
      if (rules === undefined) {
        throw new RangeError(
          `inject: region must be one of ${REGIONS.join(', ')}; got ${region}`,
        );
      }
      rules.add(fault, injectOptions);
    },
    logActivity: (region, entry) => {
      const logs = regions[region].workspace.activityLogs;
      const at = logs.findIndex(
        (log) =>
          log.created_at < entry.created_at ||
          (log.created_at === entry.created_at && log.id > entry.id),
      );
      logs.splice(at === -1 ? logs.length : at, 0, entry);
    },
    clearFaults: (region) => {
      for (const name of region === undefined ? REGIONS : [region]) {
        faults[name].clear();
      }
    },
    close: () => {
      closing ??= Promise.all(servers.map(shutDown)).then(() => undefined);
      return closing;
    },
  };
}
