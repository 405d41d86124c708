/**
 * An Intercom stand-in for machines without internet: one HTTP server per
 * region (US, EU, AU), each serving one workspace of deterministic data
 * in the shapes of Intercom's REST API 2.16.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REGIONS, type Region } from '../intercom/regions.js';
import { CallLog, type SimulatorCall } from './calls.js';
import { tokenFor } from './data/context.js';
import type { SimulatedWorkspace } from './data/types.js';
import {
  generateWorkspace,
  MIN_CONTACTS,
  MIN_CONVERSATIONS,
} from './data/workspace.js';
import { createRegionServer } from './server.js';
import { createStore } from './store.js';
import { referenceTimeFor } from './time.js';

export type { SimulatorCall } from './calls.js';
export type * from './data/types.js';

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
}

export interface SimulatedRegion {
  region: Region;
  /** The base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** A valid Bearer token for this region's workspace. */
  token: string;
  /**
   * The raw records, so tests can compute what answers should hold. Read
   * only: the server encodes each record once and keeps the bytes.
   */
  workspace: SimulatedWorkspace;
}

export interface Simulator {
  regions: Record<Region, SimulatedRegion>;
  /** Every answered request, all regions, in arrival order. */
  calls(): readonly SimulatorCall[];
  resetCalls(): void;
  close(): Promise<void>;
}

interface ResolvedOptions {
  seed: number;
  host: string;
  ports: Record<Region, number>;
  latencyMs: number;
  contacts: number;
  conversations: number;
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
  };
  const checks: [string, number, number][] = [
    ['seed', resolved.seed, 0],
    ['latencyMs', resolved.latencyMs, 0],
    ['contactsPerWorkspace', resolved.contacts, MIN_CONTACTS],
    ['conversationsPerWorkspace', resolved.conversations, MIN_CONVERSATIONS],
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
  const servers: Server[] = [];
  const regions = {} as Record<Region, SimulatedRegion>;
  const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;

  try {
    for (const region of REGIONS) {
      const workspace = generateWorkspace(config.seed, region, referenceTime, {
        contacts: config.contacts,
        conversations: config.conversations,
      });
      const token = tokenFor(config.seed, region);
      const server = createRegionServer({
        region,
        store: createStore(workspace),
        token,
        latencyMs: config.latencyMs,
        calls,
      });
      servers.push(server);
      const port = await listen(server, config.host, config.ports[region]);
      regions[region] = {
        region,
        url: `http://${urlHost}:${port}`,
        token,
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
    close: () => {
      closing ??= Promise.all(servers.map(shutDown)).then(() => undefined);
      return closing;
    },
  };
}
