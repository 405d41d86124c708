/**
 * The child of bench/memory.ts: reads its input (a ChildInput as JSON) on
 * standard input, starts a gateway with no reachable Intercom, fills a
 * response cache opened as the gateway opens its own, and prints a
 * CacheMemoryResult as one line of JSON.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { LRUCache } from 'lru-cache';
import { connectionScope, requestKey } from '../src/cache/keys.js';
import { ResponseCache } from '../src/cache/response-cache.js';
import { openCacheStore } from '../src/cache/store.js';
import { parseConfig } from '../src/config/index.js';
import { createLogger } from '../src/logger.js';
import { startGateway } from '../src/server/gateway.js';
import type { AnswerTemplates, ChildInput, ChildResult } from './memory.js';

/** Connections the entries are spread over, as in a busy gateway. */
const CONNECTIONS = 10;

/** A port nothing listens on, so the gateway's checks fail at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  assert(address !== null && typeof address === 'object');
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return address.port;
}

async function readInput(): Promise<ChildInput> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return JSON.parse(text) as ChildInput;
}

/**
 * A template split around its first `"id"` value, so that each entry's
 * answer is the template with an id of its own.
 */
interface Template {
  head: string;
  tail: string;
}

function split(text: string): Template {
  const marker = '"id":"';
  const start = text.indexOf(marker) + marker.length;
  const end = text.indexOf('"', start);
  assert(start >= marker.length && end > start, 'a template without an id');
  return { head: text.slice(0, start), tail: text.slice(end) };
}

type Kind = keyof AnswerTemplates;

/**
 * Of every 20 entries: 12 contacts and 6 conversations by id, a page of
 * 50 contacts from a search and a page of 20 listed conversations.
 */
function kindOf(index: number): Kind {
  const slot = index % 20;
  if (slot === 0) return 'contactPages';
  if (slot === 10) return 'conversationPages';
  return slot % 2 === 1 && slot < 12 ? 'conversations' : 'contacts';
}

/** The key the gateway would store the entry's request under. */
function keyOf(index: number, kind: Kind, id: string): string {
  const scope = connectionScope(
    `bench-${index % CONNECTIONS}`,
    `token-of-bench-${index % CONNECTIONS}`,
  );
  switch (kind) {
    case 'contacts':
      return requestKey(scope, 'GET', `/contacts/${id}`);
    case 'conversations':
      return requestKey(scope, 'GET', `/conversations/${id}`);
    case 'contactPages':
      return requestKey(scope, 'POST', '/contacts/search', {
        query: { field: 'id', operator: 'IN', value: [id] },
        pagination: { per_page: 50, starting_after: id },
      });
    case 'conversationPages':
      return requestKey(scope, 'GET', '/conversations', {
        per_page: 20,
        starting_after: id,
      });
  }
}

const input = await readInput();
const port = await closedPort();
const config = parseConfig(
  JSON.stringify({
    listen: { host: '127.0.0.1', port: 0 },
    regions: { eu: `http://127.0.0.1:${port}` },
    connections: [{ id: 'bench-eu', region: 'eu', token: 'bench-token' }],
    cache: {
      ...(input.maxEntries === undefined
        ? {}
        : { maxEntries: input.maxEntries }),
      ...(input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes }),
    },
    intercom: { retries: 0, findTokenRegion: false },
    logLevel: 'silent',
  }),
  {},
  'bench/memory-child.ts',
);
const logger = createLogger('silent');
const gateway = await startGateway(config, logger);

// The cache as the gateway opens its own, with the configuration's
// bounds; the gateway's own cache stays empty beside it.
const keyv = openCacheStore({
  store: 'memory',
  url: 'memory://',
  maxEntries: config.cache.maxEntries,
  maxBytes: config.cache.maxBytes,
});
const cache = new ResponseCache(keyv, logger);
const lru = keyv.store as unknown;
assert(lru instanceof LRUCache);

const templates: Record<Kind, Template[]> = {
  contacts: input.templates.contacts.map(split),
  conversations: input.templates.conversations.map(split),
  contactPages: input.templates.contactPages.map(split),
  conversationPages: input.templates.conversationPages.map(split),
};
const baselineRssBytes = process.memoryUsage().rss;

const ttlSeconds = config.cache.ttlSeconds.records;
for (let index = 0; index < input.entries; index += 1) {
  const kind = kindOf(index);
  const list = templates[kind];
  const template = list[index % list.length];
  assert(template !== undefined);
  const id = index.toString(16).padStart(24, '0');
  // As the gateway reads an answer: its text, parsed.
  const text = template.head + id + template.tail;
  // The control run reads alike but keeps nothing (a time to live of 0).
  await cache.getOrLoad(
    keyOf(index, kind, id),
    input.retain ? ttlSeconds : 0,
    () => Promise.resolve(JSON.parse(text) as unknown),
  );
  assert(lru.calculatedSize <= config.cache.maxBytes);
}

const result: ChildResult = {
  baselineRssBytes,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  boundBytes: config.cache.maxBytes,
  entriesKept: lru.size,
  entriesWritten: input.entries,
};
await cache.close();
await gateway.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
