import { Writable } from 'node:stream';
import { parseConfig, type GatewayConfig } from '../../src/config/index.js';
import type { Region } from '../../src/intercom/regions.js';
import { createLogger } from '../../src/logger.js';
import { startGateway, type RunningGateway } from '../../src/server/gateway.js';
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/index.js';

/** The three connections every test stack serves, one per region. */
export const CONNECTIONS = {
  us: 'acme-us',
  eu: 'acme-eu',
  au: 'acme-au',
} as const satisfies Record<Region, string>;

export interface GraphQLAnswer<T = Record<string, unknown>> {
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
}

export interface Stack {
  simulator: Simulator;
  /** The configuration the gateway runs with, for starting a replica. */
  config: GatewayConfig;
  gateway: RunningGateway;
  /** Every line the gateway logged, parsed. */
  logs: Record<string, unknown>[];
  /** Raw log text, for searching for things that must never appear. */
  logText(): string;
  /** POSTs a query; `key` is sent as `Authorization: Bearer <key>`. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { key?: string },
  ): Promise<GraphQLAnswer<T>>;
  close(): Promise<void>;
}

export interface StackOptions {
  simulator?: SimulatorOptions;
  /** Adjusts the configuration the gateway starts with. */
  configure?: (config: GatewayConfig, simulator: Simulator) => GatewayConfig;
}

/**
 * A simulator for the three regions and a gateway in front of it, both on
 * loopback and talking real HTTP, as in production.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const simulator = await startSimulator(options.simulator);
  const { us, eu, au } = simulator.regions;

  // The configuration goes through the same parsing as an operator's file,
  // tokens coming from the environment.
  const parsed = parseConfig(
    [
      `regions: { us: "${us.url}", eu: "${eu.url}", au: "${au.url}" }`,
      'connections:',
      `  - { id: ${CONNECTIONS.us}, region: us, token: "\${US_TOKEN}" }`,
      `  - { id: ${CONNECTIONS.eu}, region: eu, token: "\${EU_TOKEN}" }`,
      `  - { id: ${CONNECTIONS.au}, region: au, token: "\${AU_TOKEN}" }`,
    ].join('\n'),
    { US_TOKEN: us.token, EU_TOKEN: eu.token, AU_TOKEN: au.token },
  );
  const base: GatewayConfig = {
    ...parsed,
    listen: { ...parsed.listen, host: '127.0.0.1', port: 0 },
    logLevel: 'debug',
  };
  const config = options.configure ? options.configure(base, simulator) : base;

  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const gateway = await startGateway(
    config,
    createLogger(config.logLevel, sink),
  );
  // Start-up checks each connection; tests count calls from here on.
  simulator.resetCalls();

  return {
    simulator,
    config,
    gateway,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    async query<T>(
      query: string,
      variables?: Record<string, unknown>,
      options: { key?: string } = {},
    ) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLAnswer<T>;
    },
    async close() {
      await gateway.close();
      await simulator.close();
    },
  };
}
