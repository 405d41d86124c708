import { Kind, parse, type FragmentDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateFields } from '../../src/graphql/cost.js';
import { DEFAULT_PAGE_SIZES } from '../../src/graphql/pagination.js';
import { buildSchema } from '../../src/graphql/schema.js';

const schema = buildSchema();

function estimate(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[definition.name.value] = definition;
    } else if (definition.kind === Kind.OPERATION_DEFINITION) {
      operation = definition;
    }
  }
  if (!operation) throw new Error('no operation');
  return estimateFields({
    schema,
    operation,
    fragments,
    variables,
    connectionCount: 3,
    defaultPageSizes: DEFAULT_PAGE_SIZES,
  });
}

describe('estimateFields', () => {
  it('counts each field once per entry of every list above it', () => {
    // connection, workspace, conversations, nodes, then 10 rows of id.
    expect(
      estimate(
        '{ connection(id: "a") { workspace { conversations(first: 10) { nodes { id } } } } }',
      ),
    ).toBe(4 + 10);
  });

  it('takes `first` from variables, and the default when it is left out', () => {
    const query = `query Q($n: Int) {
      connection(id: "a") { workspace { contacts(first: $n) { nodes { id } } } }
    }`;

    expect(estimate(query, { n: 7 })).toBe(4 + 7);
    expect(estimate(query)).toBe(4 + DEFAULT_PAGE_SIZES.contacts);
  });

  it('leaves out what @skip and @include leave out, fragments too', () => {
    const query = `query Q($skip: Boolean!) {
      connections {
        workspace @skip(if: $skip) {
          conversations(first: 150) { nodes { parts { id } } }
        }
        ... on IntercomConnection @include(if: false) { workspace { tags { id } } }
      }
    }`;

    expect(estimate(query, { skip: true })).toBe(1);
    // connections, then 3 × (workspace, conversations, nodes, 150 × (parts,
    // 500 × id)).
    expect(estimate(query, { skip: false })).toBe(
      1 + 3 * (3 + 150 * (1 + 500)),
    );
  });

  it('multiplies nested lists and counts fragments and every connection', () => {
    const query = `
      fragment Who on Admin { id teams { id } }
      { connections { workspace { admins { ...Who } } } }
    `;

    // connections once; 3 connections, each: workspace, admins; 100 admins
    // each: id, teams; and 5 teams each: id.
    expect(estimate(query)).toBe(1 + 3 * (1 + 1 + 100 * (2 + 5)));
  });

  it('costs nothing for a mutation, which the schema refuses anyway', () => {
    expect(estimate('mutation { x }')).toBe(0);
  });
});

describe('estimateFields for parts', () => {
  it('counts up to 500 parts for every conversation', () => {
    const query = `{
      connection(id: "a") {
        workspace { conversations(first: 10) { nodes { parts { id } } } }
      }
    }`;

    // connection, workspace, conversations, nodes; 10 × parts; 10 × 500 ids.
    expect(estimate(query)).toBe(4 + 10 + 10 * 500);
  });

  it('bounds `first` at Intercom’s largest page, leaving its range to the resolver', () => {
    const query = `{
      connection(id: "a") {
        workspace { contacts(first: 2147483647) { nodes { id } } }
      }
    }`;

    expect(estimate(query)).toBe(4 + 150);
  });
});
