import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

/**
 * Calls Intercom allows each connection per 10-second window here: the
 * twenty calls below are more than two windows' worth, and what the
 * start-up health check (4 calls) leaves of the first window and the two
 * windows after it hold them all, within the query's 25-second deadline.
 */
const BUDGET = 9;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ simulator: { rateLimitPerWindow: BUDGET } });
});

afterAll(async () => {
  await stack.close();
});

it('keeps 20 concurrent queries on one connection within its Intercom budget', async () => {
  // Twenty different contacts: twenty different upstream calls, more than
  // two windows' worth of budget, all asked for at once.
  const ids = stack.simulator.regions.eu.workspace.contacts
    .slice(0, 20)
    .map((contact) => contact.id);

  const answers = await Promise.all(
    ids.map((id) =>
      stack.query(
        `query One($id: ID!) {
          connection(id: "${CONNECTIONS.eu}") { workspace { contact(id: $id) { id } } }
        }`,
        { id },
      ),
    ),
  );

  for (const [index, answer] of answers.entries()) {
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      connection: { workspace: { contact: { id: ids[index] } } },
    });
  }
  const calls = stack.simulator.calls();
  expect(calls.length).toBeGreaterThanOrEqual(20);
  // The simulator enforces the budget: any call past it would be a 429.
  expect(calls.filter((call) => call.status === 429)).toEqual([]);
});
