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
import { estimateCalls } from '../graphql/call-estimate.js';
import type { GatewayContext } from '../graphql/context.js';
import { estimateFields, tooCostly, tooManyCalls } from '../graphql/cost.js';
import { DEFAULT_PAGE_SIZES } from '../graphql/pagination.js';
import type { BudgetSnapshot } from '../intercom/budget.js';
import { visibleConnections } from '../resolvers/query.js';

/**
 * Bounds on what one query may ask for, so no query can exhaust the
 * process's memory or make Intercom calls without end. Nested lists
 * multiply (admins of teams of admins...), which depth alone cannot catch,
 * so the estimate of resolved fields bounds the product; the estimate of
 * Intercom calls is bounded by each caller's `maxCallsPerQuery`.
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

/**
 * Refuses, before any resolver runs, an operation estimated to cost more
 * Intercom calls than its caller may spend on one query, or to resolve
 * more fields than the process should hold; and reports on every answer
 * that got that far what it was estimated to cost, what it cost, and what
 * is left of each touched connection's Intercom budget.
 */
export function costLimitPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: (request) => {
          // Apollo resolves the operation before this hook runs, and
          // answers OPERATION_RESOLUTION_FAILURE itself when it cannot.
          const { contextValue: context, document, operation } = request;
          if (!operation) return Promise.resolve();

          // What both estimates read: fragments by name, the variables,
          // and the connections this caller may use.
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) {
              fragments[definition.name.value] = definition;
            }
          }
          const variables = request.request.variables ?? {};
          const visible = visibleConnections(context);

          // Calls first: the caller's own limit, and the one a caller can
          // act on by asking for less. A health check still fresh costs
          // nothing, so the compliance UI's status polls stay cheap.
          const calls = estimateCalls({
            schema: request.schema,
            operation,
            fragments,
            variables,
            connectionIds: visible.map((connection) => connection.id),
            healthIsFresh: (id) =>
              context.registry.get(id)?.health.isFresh() ?? false,
          });
          context.stats.estimatedCalls = calls;
          const { caller } = context;
          if (calls > caller.maxCallsPerQuery) {
            throw tooManyCalls(calls, caller.maxCallsPerQuery, caller.name);
          }

          // Fields, which bound the memory an answer can take.
          const fields = estimateFields({
            schema: request.schema,
            operation,
            fragments,
            variables,
            connectionCount: visible.length,
            defaultPageSizes: DEFAULT_PAGE_SIZES,
          });
          if (fields > QUERY_LIMITS.maxEstimatedFields) {
            throw tooCostly(fields, QUERY_LIMITS.maxEstimatedFields);
          }
          return Promise.resolve();
        },

        willSendResponse: async ({ contextValue: context, response }) => {
          // Requests that never reached an estimate (unparsable, invalid)
          // have nothing to report; incremental answers are not served.
          if (response.body.kind !== 'single') return;
          const { estimatedCalls } = context.stats;
          if (estimatedCalls === undefined) return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            cost: await costReport(context, estimatedCalls),
          };
        },
      }),
  };
}

/** What `extensions.cost` says of one operation. */
export interface CostReport {
  estimatedCalls: number;
  /** The caller's `maxCallsPerQuery`. */
  limit: number;
  /** HTTP exchanges with Intercom the operation made, retries included. */
  upstreamCalls: number;
  /** Reads answered by the response cache or by a read already running. */
  cacheHits: number;
  /** Each connection the operation touched, by id. */
  budgets: ({ connectionId: string } & BudgetSnapshot)[];
}

async function costReport(
  context: GatewayContext,
  estimatedCalls: number,
): Promise<CostReport> {
  const { stats } = context;
  const ids = [...stats.connections].sort();
  const budgets = await Promise.all(
    ids.map(async (connectionId) => {
      // A connection removed while the operation ran has no budget left
      // to report.
      const connection = context.registry.get(connectionId);
      if (!connection) return undefined;
      return { connectionId, ...(await connection.api.budget()) };
    }),
  );
  return {
    estimatedCalls,
    limit: context.caller.maxCallsPerQuery,
    upstreamCalls: stats.upstreamCalls,
    cacheHits: stats.cacheHits,
    budgets: budgets.filter((budget) => budget !== undefined),
  };
}
