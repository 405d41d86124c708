import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { GatewayConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { startGateway, type RunningGateway } from '../../src/server/gateway.js';
import { client } from './clients.js';
import { startStack, type GraphQLAnswer, type Stack } from './stack.js';

/** A caller that may test, add and remove connections, and one that may not. */
export const admin = client('ops', { admin: true });
export const reader = client('reader');

export const TEST_TOKEN = `mutation Test($region: Region!, $token: String!) {
  testIntercomToken(region: $region, token: $token) {
    region status message checkedAt tokenRegion missingScopes
    workspaceName workspaceId
  }
}`;

export const ADD = `mutation Add($id: ID!, $region: Region!, $token: String!) {
  addConnection(id: $id, region: $region, token: $token) {
    id region source status
  }
}`;

export const REMOVE = `mutation Remove($id: ID!) {
  removeConnection(id: $id) { id region droppedCacheEntries }
}`;

export const TAGS = `query Tags($id: ID!) {
  connection(id: $id) { source workspace { name tags { name } } }
}`;

export function codes(answer: GraphQLAnswer): unknown[] {
  return (answer.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * Gateways with stores in a folder of their own, which keep every answer
 * and log line they produce, so a test can search them all for tokens.
 */
export class StoreBench {
  readonly folder = mkdtempSync(join(tmpdir(), 'gateway-store-'));
  readonly #stacks: Stack[] = [];
  readonly #answers: unknown[] = [];
  readonly #logs: string[] = [];

  /** The store file of the stack `start(name)` starts. */
  storePath(name: string): string {
    return join(this.folder, name, 'connections.db');
  }

  /** A stack with `admin` and `reader`, and a store unless told not to. */
  async start(name: string, options: { store?: boolean } = {}) {
    const path = this.storePath(name);
    const stack = await startStack({
      configure: (config) => ({
        ...config,
        clients: [admin, reader],
        store:
          options.store === false
            ? undefined
            : { path, encryptionKey: randomBytes(32) },
      }),
    });
    this.#stacks.push(stack);
    return stack;
  }

  /** Sends a query as `key`'s caller (the admin's by default). */
  async ask<T = Record<string, unknown>>(
    stack: Stack,
    query: string,
    variables: Record<string, unknown> = {},
    key = admin.key,
  ): Promise<GraphQLAnswer<T>> {
    const answer = await stack.query<T>(query, variables, { key });
    this.#answers.push(answer);
    return answer;
  }

  /** Another gateway on a configuration, as after a restart. */
  startGateway(config: GatewayConfig): Promise<RunningGateway> {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.#logs.push(chunk.toString('utf8'));
        done();
      },
    });
    return startGateway(config, createLogger('debug', sink));
  }

  /** Queries a gateway started with `startGateway`, as the admin. */
  async askGateway(
    gateway: RunningGateway,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLAnswer> {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin.key}`,
      },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as GraphQLAnswer;
    this.#answers.push(answer);
    return answer;
  }

  /** The log lines of the gateways `startGateway` started, parsed. */
  gatewayLogs(): Record<string, unknown>[] {
    return this.#logs
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** How many answers were kept, to show the search had something. */
  get answerCount(): number {
    return this.#answers.length;
  }

  /** Every answer and every log line so far, as text to search. */
  texts(): string[] {
    return [
      JSON.stringify(this.#answers),
      ...this.#stacks.map((stack) => stack.logText()),
      this.#logs.join(''),
    ];
  }

  /** Every token of the simulator's workspaces, of every variant. */
  tokens(stack: Stack): string[] {
    return Object.values(stack.simulator.regions).flatMap((region) =>
      Object.values(region.tokens),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#stacks.map((stack) => stack.close()));
    rmSync(this.folder, { recursive: true, force: true });
  }
}
