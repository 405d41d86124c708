import { createHash } from 'node:crypto';
import { badInput } from './user-errors.js';

/**
 * A position in one list of one connection. Intercom's cursors mark the
 * start of a page (`starting_after`); a Relay cursor marks a row. So a
 * position is the Intercom cursor of the page that holds the row plus how
 * many rows of that page come before the position.
 */
export interface Position {
  /** Intercom's `starting_after` for the page, or null for the first page. */
  startingAfter: string | null;
  /** Rows of that page already read. */
  offset: number;
}

/** The list a cursor belongs to: which connection, list and filter. */
export interface ListIdentity {
  connectionId: string;
  list: string;
  filter: unknown;
}

const VERSION = 1;

/**
 * Cursors are opaque to callers, but hold a fingerprint of the list they
 * came from so one used on another connection, list or filter is refused
 * instead of silently paging through something else.
 */
export function encodeCursor(identity: ListIdentity, at: Position): string {
  return cursorsOf(identity)(at);
}

/**
 * Encodes positions of one list, its fingerprint taken once: a page holds
 * a cursor for every row.
 */
export function cursorsOf(identity: ListIdentity): (at: Position) => string {
  const owner = fingerprint(identity);
  return (at) =>
    Buffer.from(
      JSON.stringify([VERSION, owner, at.startingAfter, at.offset]),
    ).toString('base64url');
}

export function decodeCursor(
  cursor: string,
  identity: ListIdentity,
  argument = 'after',
): Position {
  const state = parse(cursor);
  if (!state) {
    throw badInput(
      `Expected \`${argument}\` to be a cursor this gateway returned, got a malformed value.`,
      argument,
    );
  }
  const [, owner, startingAfter, offset] = state;
  if (owner !== fingerprint(identity)) {
    throw badInput(
      `The \`${argument}\` cursor belongs to another list, filter or connection; use a cursor from this ${identity.list} list of connection '${identity.connectionId}'.`,
      argument,
    );
  }
  return { startingAfter, offset };
}

type CursorState = [number, string, string | null, number];

function parse(cursor: string): CursorState | undefined {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(state) || state.length !== 4) return undefined;
  const [version, owner, startingAfter, offset] = state as unknown[];
  const valid =
    version === VERSION &&
    typeof owner === 'string' &&
    (startingAfter === null || typeof startingAfter === 'string') &&
    Number.isSafeInteger(offset) &&
    (offset as number) >= 0;
  return valid ? (state as CursorState) : undefined;
}

function fingerprint(identity: ListIdentity): string {
  return createHash('sha256')
    .update(JSON.stringify([identity.connectionId, identity.list]))
    .update(JSON.stringify(setFields(identity.filter)))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * A filter's set fields in a fixed order: `{role: USER}` and
 * `{email: null, role: USER}` ask for the same rows, so their cursors must
 * match.
 */
function setFields(filter: unknown): [string, unknown][] {
  if (typeof filter !== 'object' || filter === null) return [];
  return Object.entries(filter)
    .filter(([, value]) => value !== null && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
}
