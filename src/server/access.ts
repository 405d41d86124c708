import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  validate,
} from 'graphql';
import { ErrorCode } from '../errors.js';
import type { GatewayContext } from '../graphql/context.js';

/**
 * Refuses `__schema` and `__type` to callers whose configuration turns
 * introspection off, before anything runs. Apollo's own switch is for
 * every caller at once; this one follows the caller. `__typename` stays
 * allowed, as clients add it to every selection.
 */
export function introspectionPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ contextValue, document, schema }) => {
          const { caller } = contextValue;
          if (caller.introspection) return Promise.resolve();
          const found = validate(schema, document, [
            NoSchemaIntrospectionCustomRule,
          ]);
          if (found.length === 0) return Promise.resolve();
          throw new GraphQLError(
            `Caller '${caller.name}' may not introspect the schema (__schema or __type); the schema files, or a caller allowed introspection, show it.`,
            {
              extensions: {
                code: ErrorCode.FORBIDDEN,
                http: { status: 403 },
              },
            },
          );
        },
      }),
  };
}
