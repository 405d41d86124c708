/**
 * How much memory the in-memory response cache costs: a child process
 * starts a gateway, fills the cache the gateway uses with `entries`
 * distinct Intercom answers and reports its resident set before and at
 * its peak. The child runs apart so that the caller's own memory (a
 * benchmark's simulator, its results) does not count.
 *
 * `npx tsx bench/memory.ts [--entries 100000] [--max-bytes N]
 * [--max-entries N]` prints the result as one line of JSON.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REGIONS } from '../src/intercom/regions.js';
import { generateWorkspace } from '../src/simulator/data/workspace.js';
import { jsonList, jsonRecord } from '../src/simulator/json.js';
import { createStore } from '../src/simulator/store.js';
import { referenceTimeFor } from '../src/simulator/time.js';

export interface CacheMemoryOptions {
  /** Distinct entries written, one after another. */
  entries: number;
  /** `cache.maxBytes`; the configuration's default when absent. */
  maxBytes?: number;
  /** `cache.maxEntries`; the configuration's default when absent. */
  maxEntries?: number;
  /**
   * The child's V8 old-space limit (`--max-old-space-size`), in MiB:
   * `SMALL_CONTAINER_HEAP_MIB` when absent; 0 leaves it to V8, which sizes
   * it from this machine's memory.
   */
  maxOldSpaceMiB?: number;
}

export interface CacheMemoryResult {
  /** Resident set once the gateway has started, before any entry. */
  baselineRssBytes: number;
  /** Largest resident set of the child's whole life. */
  peakRssBytes: number;
  /**
   * The same of a control run that reads the same answers but keeps
   * none: the gateway at work with nothing cached.
   */
  controlPeakRssBytes: number;
  /** The bound on the cache's estimated bytes (`cache.maxBytes`). */
  boundBytes: number;
  /** Entries in the cache after the last write. */
  entriesKept: number;
  entriesWritten: number;
}

/**
 * The answers the child varies per key, as the simulator sends them: by
 * kind, each the JSON text of one answer.
 */
export interface AnswerTemplates {
  /** `GET /contacts/{id}`. */
  contacts: string[];
  /** `GET /conversations/{id}`, with its parts. */
  conversations: string[];
  /** `POST /contacts/search`, pages of 50. */
  contactPages: string[];
  /** `GET /conversations`, pages of 20. */
  conversationPages: string[];
}

/** What one child run reports. */
export type ChildResult = Omit<CacheMemoryResult, 'controlPeakRssBytes'>;

/** What the parent sends the child on its standard input. */
export interface ChildInput {
  entries: number;
  /** False for the control run, which reads every answer but keeps none. */
  retain: boolean;
  maxBytes?: number | undefined;
  maxEntries?: number | undefined;
  templates: AnswerTemplates;
}

const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The child's V8 heap limit, as in a small container. Node sizes V8's heap
 * from the memory limit of the container it runs in (cgroups), and V8
 * collects evicted entries sooner the smaller that limit is; on a large
 * machine it lets them pile up to several times what is live. With the
 * default bounds, 100,000 entries peaked at about 270 MB RSS under limits
 * of 256 and 512 MiB, 287 MB under 1 GiB, and 530 MB with no limit on a
 * machine of 24 GB, where V8 allows itself 4 GB.
 */
export const SMALL_CONTAINER_HEAP_MIB = 256;

const CONTACT_PAGE = 50;
const CONVERSATION_PAGE = 20;

export async function measureCacheMemory(
  options: CacheMemoryOptions,
): Promise<CacheMemoryResult> {
  const { entries, maxBytes, maxEntries } = options;
  const heapMiB = options.maxOldSpaceMiB ?? SMALL_CONTAINER_HEAP_MIB;
  if (!Number.isInteger(entries) || entries < 1) {
    throw new RangeError(
      `measureCacheMemory: entries must be a positive integer; got ${entries}`,
    );
  }
  const input: ChildInput = {
    entries,
    retain: true,
    maxBytes,
    maxEntries,
    templates: answerTemplates(),
  };
  const flags = heapMiB > 0 ? [`--max-old-space-size=${heapMiB}`] : [];
  const filled = await runChild(flags, JSON.stringify(input));
  // The same reads again, keeping nothing: what the cache adds is the
  // difference, whatever V8's collector lets pile up meanwhile.
  const control = await runChild(
    flags,
    JSON.stringify({ ...input, retain: false }),
  );
  return { ...filled, controlPeakRssBytes: control.peakRssBytes };
}

/**
 * Realistic answers from the simulator's three workspaces, made here so
 * that the generator (faker and its locales) never loads in the child.
 */
export function answerTemplates(): AnswerTemplates {
  const templates: AnswerTemplates = {
    contacts: [],
    conversations: [],
    contactPages: [],
    conversationPages: [],
  };
  for (const region of REGIONS) {
    const workspace = generateWorkspace(1, region, referenceTimeFor(1), {
      contacts: 400,
      conversations: 150,
    });
    const store = createStore(workspace);
    const text = (record: object) => jsonRecord(record).bytes.toString();
    templates.contacts.push(...workspace.contacts.map(text));
    templates.conversations.push(
      ...[...store.conversations.values()].map(text),
    );
    templates.contactPages.push(
      ...pagesText(workspace.contacts, CONTACT_PAGE, 'list', 'data'),
    );
    templates.conversationPages.push(
      ...pagesText(
        store.conversationItems,
        CONVERSATION_PAGE,
        'conversation.list',
        'conversations',
      ),
    );
  }
  return templates;
}

/** The text of every whole page of `rows`, as a list endpoint sends it. */
function pagesText(
  rows: readonly object[],
  perPage: number,
  type: string,
  field: string,
): string[] {
  const pages: string[] = [];
  for (let at = 0; at + perPage <= rows.length; at += perPage) {
    const envelope = {
      type,
      total_count: rows.length,
      pages: pagesOf(at, perPage, rows.length),
    };
    const page = rows.slice(at, at + perPage);
    pages.push(jsonList(envelope, field, page).bytes.toString());
  }
  return pages;
}

function pagesOf(offset: number, perPage: number, total: number) {
  return {
    type: 'pages',
    next: {
      per_page: perPage,
      starting_after: Buffer.from(`${offset + perPage}`).toString('base64url'),
    },
    page: Math.floor(offset / perPage) + 1,
    per_page: perPage,
    total_pages: Math.ceil(total / perPage),
  };
}

function runChild(flags: string[], input: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...flags, '--import', 'tsx', CHILD],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || line === '') {
        const how = signal === null ? `status ${code}` : `signal ${signal}`;
        reject(
          new Error(
            `bench/memory-child.ts exited with ${how}: ${stderr.trim()}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line) as ChildResult);
    });
    child.stdin.on('error', reject);
    child.stdin.end(input);
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '100000' },
      'max-bytes': { type: 'string' },
      'max-entries': { type: 'string' },
      'max-old-space-mib': { type: 'string' },
    },
  });
  const number = (text: string | undefined) =>
    text === undefined ? undefined : Number(text);
  const result = await measureCacheMemory({
    entries: Number(values.entries),
    maxBytes: number(values['max-bytes']),
    maxEntries: number(values['max-entries']),
    maxOldSpaceMiB: number(values['max-old-space-mib']),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(invoked).href) {
  await main();
}
