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
 * Intercom's ids are letters and digits (hex for contacts and companies,
 * digits for the rest). Anything else cannot name a record, and must not
 * reach a URL path where `..` or an endless string would change the call.
 */
const INTERCOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function checkId(id: string, argument: string): string {
  if (!INTERCOM_ID.test(id)) {
    const shown = id.length > 64 ? `${id.length} characters` : `"${id}"`;
    throw badInput(
      `Expected \`${argument}\` to be an Intercom id (1 to 64 letters, digits, '-' or '_'), got ${shown}.`,
      argument,
    );
  }
  return id;
}

/** Intercom numbers conversations; any other id cannot name one. */
export function checkConversationId(id: string, argument: string): string {
  if (!/^\d{1,20}$/.test(id)) {
    const shown = id.length > 64 ? `${id.length} characters` : `"${id}"`;
    throw badInput(
      `Expected \`${argument}\` to be an Intercom conversation id (1 to 20 digits), got ${shown}.`,
      argument,
    );
  }
  return id;
}
