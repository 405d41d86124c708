import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  Kind,
  type FragmentDefinitionNode,
  type GraphQLError,
  type ValidationContext,
} from 'graphql';
import { estimateFields, tooCostly } from '../graphql/cost.js';
import type { GatewayContext } from '../graphql/context.js';
import { DEFAULT_PAGE_SIZES } from '../graphql/pagination.js';

/**
 * Bounds on what one query may ask for, so no query can exhaust the
 * process's memory or make Intercom calls without end. Nested lists
 * multiply (admins of teams of admins...), which depth alone cannot catch,
 * so the estimate of resolved fields bounds the product.
 */
export const QUERY_LIMITS = {
  /** Deepest field nesting; the deepest useful query needs about 9. */
  maxDepth: 12,
  /** Aliases per query: each one can be a separate Intercom call. */
  maxAliases: 30,
  /** Directives per query. */
  maxDirectives: 50,
  /** Lexical tokens per document, checked while parsing. */
  maxTokens: 5_000,
  /** Fields a query may resolve, by the estimate before it runs. */
  maxEstimatedFields: 100_000,
} as const;

/**
 * graphql-armor throws from validation by default, which Apollo would
 * answer as its own fault; reported instead, a refusal is a validation
 * error with GRAPHQL_VALIDATION_FAILED.
 */
const report = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      context?.reportError(error);
    },
  ],
};

/** Validation rules from graphql-armor for depth, aliases and directives. */
export const limitRules = [
  maxDepthRule({ n: QUERY_LIMITS.maxDepth, ...report }),
  maxAliasesRule({ n: QUERY_LIMITS.maxAliases, ...report }),
  maxDirectivesRule({ n: QUERY_LIMITS.maxDirectives, ...report }),
];

/** Refuses, before execution, a query estimated to resolve too much. */
export function costLimitPlugin(
  connectionCount: () => number,
): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ document, operation, request, schema }) => {
          // Apollo resolves the operation before this hook runs, and
          // answers OPERATION_RESOLUTION_FAILURE itself when it cannot.
          if (!operation) return Promise.resolve();
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) {
              fragments[definition.name.value] = definition;
            }
          }
          const estimate = estimateFields({
            schema,
            operation,
            fragments,
            variables: request.variables ?? {},
            connectionCount: connectionCount(),
            defaultPageSizes: DEFAULT_PAGE_SIZES,
          });
          if (estimate > QUERY_LIMITS.maxEstimatedFields) {
            throw tooCostly(estimate, QUERY_LIMITS.maxEstimatedFields);
          }
          return Promise.resolve();
        },
      }),
  };
}
