import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { COMPANY_LIST_FROM } from '../loaders/companies.js';
import { CONTACT_SEARCH_CHUNK } from '../loaders/contacts.js';
import {
  ASSUMED_COMPANY_PAGES,
  HEALTH_CHECK_CALLS,
  MUTATION_CALLS,
  REACHES,
  SEARCH_MISS_ONE_IN,
  TOKEN_TEST_CALLS,
  type SharedRead,
} from './call-reaches.js';
import { assumedListSize, isIncluded, pageSizeOf } from './cost.js';
import { DEFAULT_PAGE_SIZES } from './pagination.js';

export interface CallEstimateInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  variables: Readonly<Record<string, unknown>>;
  /**
   * The connections the caller may use: what `Query.connections` returns,
   * and the only ids `connection(id:)` answers for.
   */
  connectionIds: readonly string[];
  /**
   * Whether a connection's last health check is still reused, so that its
   * status costs nothing. Unknown means not: a check is counted.
   */
  healthIsFresh?: (connectionId: string) => boolean;
}

/**
 * The Intercom calls an operation can make, at most, by the loaders'
 * rules and the list sizes of src/graphql/cost.ts: one call per page, per
 * record read by id and per connection for each shared list; contacts by
 * id one search per 150 ids of each DataLoader batch, and a read by id for
 * the share of them search is assumed to miss; companies by id at most the
 * pages of a large workspace's list per batch. Retries after failures are
 * not foreseen: they depend on Intercom, not on the query.
 */
export function estimateCalls(input: CallEstimateInput): number {
  const estimate = new Estimate(input);
  estimate.operation();
  return estimate.total();
}

/** One connection's loaders within the operation. */
interface Scope {
  /** Shared reads already counted. */
  reads: Set<SharedRead>;
  /** True once a check was counted, or when a fresh one is kept. */
  healthKnown: boolean;
  /** Loads of the first tick: everything right below `connection`. */
  root: Batch;
}

/**
 * The contact and company ids one DataLoader batch collects. A batch holds
 * the loads of rows that arrive together, from one Intercom answer; rows
 * from different answers arrive apart and batch apart.
 */
interface Batch {
  contactIds: number;
  companyIds: number;
}

/** Where the walk stands: how many objects, from which answer. */
interface Place {
  scope: Scope;
  /** Objects of the parent type here, across every list above. */
  rows: number;
  batch: Batch;
  /** Entries of `nodes` and `edges` below the nearest `first`. */
  pageSize: number;
  /** Whether conversations here were read by id, with their parts. */
  withParts: boolean;
  /**
   * Below a conversation's parts: the most distinct contacts they can
   * name, those of the conversations above, however many parts there are.
   */
  participants?: number;
}

class Estimate {
  readonly #input: CallEstimateInput;
  readonly #scopes = new Map<string, Scope>();
  readonly #batches: Batch[] = [];
  #calls = 0;

  constructor(input: CallEstimateInput) {
    this.#input = input;
  }

  /** Calls counted, plus the reads each batch's contact and company ids need. */
  total(): number {
    let batchReads = 0;
    for (const { contactIds, companyIds } of this.#batches) {
      batchReads +=
        Math.ceil(contactIds / CONTACT_SEARCH_CHUNK) +
        Math.ceil(contactIds / SEARCH_MISS_ONE_IN);
      batchReads +=
        companyIds < COMPANY_LIST_FROM
          ? companyIds
          : Math.min(companyIds + 1, ASSUMED_COMPANY_PAGES);
    }
    return this.#calls + batchReads;
  }

  operation(): void {
    const { schema, operation } = this.#input;
    switch (operation.operation) {
      case OperationTypeNode.QUERY: {
        const root = schema.getQueryType();
        if (root) this.#query(root, operation.selectionSet);
        return;
      }
      case OperationTypeNode.MUTATION: {
        const root = schema.getMutationType();
        if (root) this.#mutation(root, operation.selectionSet);
        return;
      }
      case OperationTypeNode.SUBSCRIPTION:
        return;
    }
  }

  #query(root: GraphQLObjectType, selectionSet: SelectionSetNode): void {
    for (const node of this.#fields(selectionSet)) {
      const field = root.getFields()[node.name.value];
      const type = field && getNamedType(field.type);
      if (!isObjectType(type) || !node.selectionSet) continue;

      // Each connection has loaders of its own, so it is walked on its
      // own; a connection asked for twice shares its reads.
      if (field?.name === 'connections') {
        for (const id of this.#input.connectionIds) {
          this.#selection(type, node.selectionSet, this.#at(this.#scope(id)));
        }
        continue;
      }
      if (field?.name === 'connection') {
        const id = this.#visibleId(node);
        if (id === undefined) continue;
        this.#selection(type, node.selectionSet, this.#at(this.#scope(id)));
        continue;
      }
      this.#selection(type, node.selectionSet, this.#at(this.#scope()));
    }
  }

  /** Mutations run one after another, each answer a batch of its own. */
  #mutation(root: GraphQLObjectType, selectionSet: SelectionSetNode): void {
    for (const node of this.#fields(selectionSet)) {
      const field = root.getFields()[node.name.value];
      if (!field) continue;
      let scope: Scope;
      if (field.name === 'checkConnection') {
        const id = this.#visibleId(node);
        if (id === undefined) continue;
        scope = this.#scope(id);
        // The check runs now, whatever was kept, and what the answer's
        // status fields read then is that check.
        scope.healthKnown = true;
      } else {
        // The others name no connection already served (the one
        // addConnection answers with is new), so they share no reads.
        scope = this.#scope();
      }
      this.#calls += MUTATION_CALLS[field.name] ?? TOKEN_TEST_CALLS;

      const type = getNamedType(field.type);
      if (!isObjectType(type) || !node.selectionSet) continue;
      const place = { ...this.#at(scope), batch: this.#batch() };
      this.#selection(type, node.selectionSet, place);
    }
  }

  #selection(
    parent: GraphQLObjectType,
    selectionSet: SelectionSetNode,
    place: Place,
  ): void {
    // The part fields of one conversation share its one read by id.
    let partsBatch: Batch | undefined;
    const partsRead = (): Batch => {
      if (partsBatch) return partsBatch;
      if (place.withParts) {
        partsBatch = place.batch;
      } else {
        this.#calls += place.rows;
        partsBatch = this.#batch();
      }
      return partsBatch;
    };

    for (const node of this.#fields(selectionSet)) {
      const field = parent.getFields()[node.name.value];
      // __typename, and introspection, cost nothing.
      if (!field) continue;

      // How many entries the field has for all the rows above it.
      const size = isListType(getNullableType(field.type))
        ? assumedListSize(parent.name, field.name, place.pageSize)
        : 1;
      const entries = place.rows * size;

      // What the field itself calls, and which batch its objects load in:
      // objects read by a call of their own arrive with its answer.
      const reach = REACHES[`${parent.name}.${field.name}`];
      let batch = place.batch;
      switch (reach?.kind) {
        case undefined:
          break;
        case 'shared':
          this.#share(place.scope, reach.read);
          batch = this.#batch();
          break;
        case 'health':
          if (!place.scope.healthKnown) {
            place.scope.healthKnown = true;
            this.#calls += HEALTH_CHECK_CALLS;
          }
          break;
        case 'perParent':
          this.#calls += place.rows;
          batch = this.#batch();
          break;
        case 'perEntry':
          this.#calls += entries;
          batch = this.#batch();
          break;
        case 'contacts':
          place.batch.contactIds += Math.min(
            entries,
            place.participants ?? Infinity,
          );
          batch = this.#batch();
          break;
        case 'companies':
          place.batch.companyIds += entries;
          batch = this.#batch();
          break;
        case 'parts':
          batch = partsRead();
          break;
      }

      // The objects below, if any.
      const type = getNamedType(field.type);
      if (!isObjectType(type) || !node.selectionSet) continue;
      const first = pageSizeOf(
        field,
        node.arguments ?? [],
        this.#input.variables,
        DEFAULT_PAGE_SIZES,
      );
      // The authors of a conversation's parts are its participants.
      const participants =
        reach?.kind === 'parts'
          ? place.rows * assumedListSize('Conversation', 'contacts', 1)
          : place.participants;
      this.#selection(type, node.selectionSet, {
        scope: place.scope,
        rows: entries,
        batch,
        pageSize: first ?? place.pageSize,
        withParts: reach?.kind === 'perEntry' && reach.withParts === true,
        ...(participants === undefined ? {} : { participants }),
      });
    }
  }

  /** A shared read counts once per connection. */
  #share(scope: Scope, read: SharedRead): void {
    if (scope.reads.has(read)) return;
    scope.reads.add(read);
    this.#calls += 1;
  }

  #at(scope: Scope): Place {
    return {
      scope,
      rows: 1,
      batch: scope.root,
      pageSize: 1,
      withParts: false,
    };
  }

  /** The scope of a connection id; a scope of its own without one. */
  #scope(id?: string): Scope {
    const known = id === undefined ? undefined : this.#scopes.get(id);
    if (known) return known;
    const scope: Scope = {
      reads: new Set(),
      healthKnown:
        id !== undefined && (this.#input.healthIsFresh?.(id) ?? false),
      root: this.#batch(),
    };
    if (id !== undefined) this.#scopes.set(id, scope);
    return scope;
  }

  #batch(): Batch {
    const batch = { contactIds: 0, companyIds: 0 };
    this.#batches.push(batch);
    return batch;
  }

  /**
   * The `id` a root field names, if the caller may use it; any other id
   * is refused before a call.
   */
  #visibleId(node: FieldNode): string | undefined {
    const value = node.arguments?.find((arg) => arg.name.value === 'id')?.value;
    let id: unknown;
    if (value?.kind === Kind.STRING || value?.kind === Kind.INT) {
      id = value.value;
    } else if (value?.kind === Kind.VARIABLE) {
      id = this.#input.variables[value.name.value];
    }
    if (typeof id === 'number') id = String(id);
    if (typeof id !== 'string') return undefined;
    return this.#input.connectionIds.includes(id) ? id : undefined;
  }

  /**
   * The fields a selection set runs, fragments spread and inline, as the
   * executor collects them: each named fragment once per selection set,
   * and nothing `@skip` or `@include` leaves out.
   */
  #fields(
    selectionSet: SelectionSetNode,
    into: FieldNode[] = [],
    spread = new Set<string>(),
  ): FieldNode[] {
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, this.#input.variables)) continue;
      switch (selection.kind) {
        case Kind.FIELD:
          into.push(selection);
          break;
        case Kind.INLINE_FRAGMENT:
          this.#fields(selection.selectionSet, into, spread);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = this.#input.fragments[name];
          if (!fragment || spread.has(name)) break;
          spread.add(name);
          this.#fields(fragment.selectionSet, into, spread);
          break;
        }
      }
    }
    return into;
  }
}
