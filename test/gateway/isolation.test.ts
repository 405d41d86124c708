import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

const CONTACT = `
  query Contact($connection: ID!, $id: ID!) {
    connection(id: $connection) {
      workspace { contact(id: $id) { id name email workspaceId } }
    }
  }
`;

interface ContactAnswer {
  connection: {
    workspace: {
      contact: { id: string; name: string | null; email: string | null };
    };
  };
}

it('gives two connections that share a contact id their own contact, cold and warm', async () => {
  const us = stack.simulator.regions.us.workspace;
  const eu = stack.simulator.regions.eu.workspace;
  const shared = us.contacts.find((contact) => {
    const twin = eu.contacts.find((other) => other.id === contact.id);
    return twin && twin.name !== contact.name;
  });
  if (!shared) throw new Error('the simulator shares no contact id');
  const twin = eu.contacts.find((contact) => contact.id === shared.id);

  for (const pass of ['cold', 'warm']) {
    const fromUs = await stack.query<ContactAnswer>(CONTACT, {
      connection: CONNECTIONS.us,
      id: shared.id,
    });
    const fromEu = await stack.query<ContactAnswer>(CONTACT, {
      connection: CONNECTIONS.eu,
      id: shared.id,
    });

    expect(fromUs.errors, pass).toBeUndefined();
    expect(fromEu.errors, pass).toBeUndefined();
    expect(fromUs.data?.connection.workspace.contact, pass).toMatchObject({
      id: shared.id,
      name: shared.name ?? null,
      email: shared.email || null,
    });
    expect(fromEu.data?.connection.workspace.contact, pass).toMatchObject({
      id: shared.id,
      name: twin?.name ?? null,
      email: twin?.email || null,
    });
  }
});

it('keeps two connections apart inside one query', async () => {
  const us = stack.simulator.regions.us.workspace;
  const eu = stack.simulator.regions.eu.workspace;
  const id = us.contacts.find((c) =>
    eu.contacts.some((e) => e.id === c.id),
  )?.id;

  const answer = await stack.query<{
    us: ContactAnswer['connection'];
    eu: ContactAnswer['connection'];
  }>(
    `query Both($id: ID!) {
      us: connection(id: "${CONNECTIONS.us}") {
        workspace { contact(id: $id) { id name } }
      }
      eu: connection(id: "${CONNECTIONS.eu}") {
        workspace { contact(id: $id) { id name } }
      }
    }`,
    { id },
  );

  expect(answer.errors).toBeUndefined();
  expect(answer.data?.us.workspace.contact.name).toBe(
    us.contacts.find((c) => c.id === id)?.name ?? null,
  );
  expect(answer.data?.eu.workspace.contact.name).toBe(
    eu.contacts.find((c) => c.id === id)?.name ?? null,
  );
});
