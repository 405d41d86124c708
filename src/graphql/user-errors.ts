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
