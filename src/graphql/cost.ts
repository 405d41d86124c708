import {
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { ErrorCode } from '../errors.js';

/**
 * How many entries each list without a `first` argument is assumed to
 * hold: a large workspace's, not an average one's, yet not the worst case
 * either, or ordinary questions such as "each admin's teammates" would be
 * refused. Actual sizes can exceed these; depth and alias limits bound
 * what that can cost.
 */
const ASSUMED_LIST_SIZES: Readonly<Record<string, number>> = {
  'Workspace.admins': 100,
  'Workspace.teams': 20,
  'Workspace.tags': 100,
  'Admin.teams': 5,
  'Admin.primaryTeams': 5,
  'Admin.secondaryTeams': 5,
  'Team.admins': 20,
  'Team.primaryAdmins': 20,
  'Team.secondaryAdmins': 20,
  'Workspace.brands': 10,
  'Workspace.awayStatusReasons': 20,
  'WorkspaceOverview.adminsByRole': 10,
  'Workspace.segments': 50,
  'Workspace.dataAttributes': 200,
  'Contact.tags': 20,
  'Contact.companies': 10,
  'Contact.segments': 10,
  'Conversation.contacts': 5,
  'Conversation.tags': 10,
  // Intercom returns up to 500 parts per conversation, and long ones are
  // common in support work: the bound is the real one.
  'Conversation.parts': 500,
};

/**
 * No list is read in pages larger than Intercom's largest; a larger
 * `first` is refused by the resolver with a clearer error than a cost.
 */
const LARGEST_PAGE = 150;

/** Lists whose size comes from the `first` of the connection above them. */
const PAGE_LISTS = new Set(['edges', 'nodes']);

/** A field's arguments as the document writes them. */
type ArgumentNodes = readonly { name: { value: string }; value: ValueNode }[];

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variables: Readonly<Record<string, unknown>>;
  /** How many connections `Query.connections` can return. */
  connectionCount: number;
  /** `first` of each list field when the query leaves it out. */
  defaultPageSizes: Readonly<Record<string, number>>;
}

/**
 * The number of fields a query could resolve, at most: every field counts
 * once per entry of every list above it. Sizes come from `first` where a
 * list has one and from the assumptions above where it does not.
 */
export function estimateFields(input: CostInput): number {
  const root = input.schema.getQueryType();
  if (!root || input.operation.operation !== OperationTypeNode.QUERY) {
    return 0;
  }
  return selectionCost(input, root, input.operation.selectionSet, 1, 1);
}

/**
 * Whether the executor runs a selection: not when `@skip` or `@include`
 * leave it out. A variable that does not coerce fails the operation
 * before any field runs; counting the selection keeps estimates upper
 * bounds.
 */
export function isIncluded(
  selection: SelectionNode,
  variables: Readonly<Record<string, unknown>>,
): boolean {
  try {
    const skip = getDirectiveValues(GraphQLSkipDirective, selection, variables);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(
      GraphQLIncludeDirective,
      selection,
      variables,
    );
    return include?.if !== false;
  } catch {
    return true;
  }
}

function selectionCost(
  input: CostInput,
  parent: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  multiplier: number,
  pageSize: number,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (!isIncluded(selection, input.variables)) continue;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += selectionCost(
        input,
        parent,
        selection.selectionSet,
        multiplier,
        pageSize,
      );
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = input.fragments[selection.name.value];
      if (fragment) {
        total += selectionCost(
          input,
          parent,
          fragment.selectionSet,
          multiplier,
          pageSize,
        );
      }
      continue;
    }

    const name = selection.name.value;
    const field = parent.getFields()[name];
    total += multiplier;
    if (!field || !selection.selectionSet) continue;

    const type = getNamedType(field.type);
    if (!isObjectType(type)) continue;
    const first = pageSizeOf(
      field,
      selection.arguments ?? [],
      input.variables,
      input.defaultPageSizes,
    );
    const size = isListType(getNullableType(field.type))
      ? listSize(input, parent, name, pageSize)
      : 1;
    total += selectionCost(
      input,
      type,
      selection.selectionSet,
      multiplier * size,
      first ?? pageSize,
    );
  }
  return total;
}

function listSize(
  input: CostInput,
  parent: GraphQLObjectType,
  name: string,
  pageSize: number,
): number {
  if (parent.name === 'Query' && name === 'connections') {
    return input.connectionCount;
  }
  return assumedListSize(parent.name, name, pageSize);
}

/**
 * Entries assumed for a list other than `Query.connections`: the page size
 * for a connection's `nodes` and `edges`, the assumptions above for the
 * others, and 1 for lists with no assumption.
 */
export function assumedListSize(
  parentName: string,
  name: string,
  pageSize: number,
): number {
  if (PAGE_LISTS.has(name)) return pageSize;
  return ASSUMED_LIST_SIZES[`${parentName}.${name}`] ?? 1;
}

/**
 * The page size a field asks for, if it takes `first`: its value, from the
 * document or a variable, bounded to Intercom's largest page; the field's
 * default when it is left out or null.
 */
export function pageSizeOf(
  field: GraphQLField<unknown, unknown>,
  args: ArgumentNodes,
  variables: Readonly<Record<string, unknown>>,
  defaultPageSizes: Readonly<Record<string, number>>,
): number | undefined {
  if (!field.args.some((arg) => arg.name === 'first')) return undefined;
  const node = args.find((arg) => arg.name.value === 'first')?.value;
  let value: unknown;
  if (node?.kind === Kind.INT) value = Number(node.value);
  if (node?.kind === Kind.VARIABLE) value = variables[node.name.value];
  return typeof value === 'number'
    ? Math.min(Math.max(value, 0), LARGEST_PAGE)
    : (defaultPageSizes[field.name] ?? 1);
}

/** The refusal of a query estimated to resolve too many fields. */
export function tooCostly(estimate: number, limit: number): GraphQLError {
  return new GraphQLError(
    `This query could resolve about ${estimate} fields, more than the limit of ${limit}. Ask for fewer rows with \`first\`, or nest fewer lists.`,
    {
      extensions: {
        code: ErrorCode.QUERY_TOO_COSTLY,
        cost: { estimatedFields: estimate, limit },
        http: { status: 400 },
      },
    },
  );
}

/**
 * The refusal of a query estimated to cost more Intercom calls than its
 * caller may spend on one query (`clients[].maxCallsPerQuery`).
 */
export function tooManyCalls(
  estimate: number,
  limit: number,
  callerName: string,
): GraphQLError {
  return new GraphQLError(
    `This query could cost about ${estimate} Intercom calls, more than caller '${callerName}' may spend on one query (${limit}). Ask for fewer rows with \`first\`, leave out relations read one row at a time (companies, segments and parts of listed conversations), or split the query.`,
    {
      extensions: {
        code: ErrorCode.QUERY_TOO_COSTLY,
        cost: { estimatedCalls: estimate, limit },
        http: { status: 400 },
      },
    },
  );
}
