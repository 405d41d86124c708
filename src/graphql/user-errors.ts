import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors.js';

/** A caller's mistake in an argument: says what was expected and what came. */
export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.BAD_USER_INPUT,
      ...(argument ? { argument } : {}),
    },
  });
}

/**
 * What breaks an id's rule, in words, without the id itself: a value that
 * fits no id is most often a token pasted into the wrong argument, and
 * must not come back in the answer. `disallowed` matches one character
 * the rule does not allow.
 */
export function whatBreaks(
  value: string,
  disallowed: RegExp,
  maxLength: number,
): string {
  if (value === '') return 'an empty string';
  const bad = value.length > maxLength ? null : disallowed.exec(value);
  return bad
    ? `one with ${JSON.stringify(bad[0])} at position ${bad.index + 1}`
    : `${value.length} characters`;
}

/** The configuration's rule for connection ids; every source follows it. */
export const CONNECTION_ID = /^[A-Za-z0-9._-]{1,64}$/;

export const CONNECTION_ID_RULE =
  '1 to 64 characters from A-Z, a-z, 0-9, ".", "_" and "-"';

/** What breaks the connection id rule; `id` must break it. */
export function whatBreaksConnectionId(id: string): string {
  return whatBreaks(id, /[^A-Za-z0-9._-]/u, 64);
}

/**
 * Intercom's ids are letters and digits (hex for contacts and companies,
 * digits for the rest). Anything else cannot name a record, and must not
 * reach a URL path where `..` or an endless string would change the call.
 */
const INTERCOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function checkId(id: string, argument: string): string {
  if (!INTERCOM_ID.test(id)) {
    throw badInput(
      `Expected \`${argument}\` to be an Intercom id (1 to 64 letters, digits, '-' or '_'), got ${whatBreaks(id, /[^A-Za-z0-9_-]/u, 64)}.`,
      argument,
    );
  }
  return id;
}

/** Intercom numbers conversations; any other id cannot name one. */
export function checkConversationId(id: string, argument: string): string {
  if (!/^\d{1,20}$/.test(id)) {
    throw badInput(
      `Expected \`${argument}\` to be an Intercom conversation id (1 to 20 digits), got ${whatBreaks(id, /\D/u, 20)}.`,
      argument,
    );
  }
  return id;
}
