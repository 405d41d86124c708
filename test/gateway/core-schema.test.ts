import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import {
  CONTACT_SELECTION,
  CONVERSATION_SELECTION,
  contactFields,
  conversationFields,
  iso,
} from '../support/expect.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

interface WorkspaceAnswer {
  connection: {
    id: string;
    region: string;
    status: string;
    statusMessage: string;
    workspace: Record<string, unknown> & {
      admins: {
        id: string;
        name: string;
        email: string;
        teams: { id: string }[];
      }[];
      teams: { id: string; name: string; admins: { id: string }[] }[];
      tags: { id: string; name: string }[];
      admin: { id: string; name: string };
      team: { id: string; name: string };
      tag: { id: string; name: string };
      contact: Record<string, unknown>;
      conversation: Record<string, unknown> & {
        contacts: ({ id: string } | null)[];
      };
      contacts: { totalCount: number; nodes: { id: string }[] };
      conversations: { totalCount: number; nodes: { id: string }[] };
    };
  };
}

const WORKSPACE_QUERY = `
  query Workspace(
    $id: ID!, $admin: ID!, $team: ID!, $tag: ID!,
    $contact: ID!, $conversation: ID!
  ) {
    connection(id: $id) {
      id region status statusMessage
      workspace {
        id name region timezone createdAt
        admins { id name email teams { id } }
        teams { id name admins { id } }
        tags { id name }
        admin(id: $admin) { id name }
        team(id: $team) { id name }
        tag(id: $tag) { id name }
        contacts(first: 5) { totalCount nodes { id } }
        contact(id: $contact) { ${CONTACT_SELECTION} }
        conversations(first: 5) { totalCount nodes { id } }
        conversation(id: $conversation) {
          ${CONVERSATION_SELECTION}
          contacts { id }
        }
      }
    }
  }
`;

describe.each(REGIONS)('the %s connection', (region: Region) => {
  it('returns the workspace, directory, contacts and conversations of its own region', async () => {
    const data = stack.simulator.regions[region].workspace;
    const admin = data.admins[1];
    const team = data.teams[0];
    const tag = data.tags[2];
    // A contact with tags, companies and an owner exercises every relation.
    const contact = data.contacts.find(
      (c) =>
        c.tags.data.length > 0 &&
        c.companies.data.length > 0 &&
        c.owner_id != null &&
        !data.unindexedContactIds.includes(c.id),
    );
    const conversation = data.conversations.find(
      (c) =>
        c.admin_assignee_id &&
        c.team_assignee_id &&
        c.tags.tags.length > 0 &&
        c.contacts.contacts.every(
          (ref) => !data.deletedContactIds.includes(ref.id),
        ),
    );
    if (!admin || !team || !tag || !contact || !conversation) {
      throw new Error('the simulator lacks the records this test needs');
    }

    const answer = await stack.query<WorkspaceAnswer>(WORKSPACE_QUERY, {
      id: CONNECTIONS[region],
      admin: admin.id,
      team: team.id,
      tag: tag.id,
      contact: contact.id,
      conversation: conversation.id,
    });

    expect(answer.errors).toBeUndefined();
    const connection = answer.data?.connection;
    expect(connection).toMatchObject({
      id: CONNECTIONS[region],
      region: region.toUpperCase(),
      status: 'ACTIVE',
    });
    const workspace = connection?.workspace;
    expect(workspace).toMatchObject({
      id: data.app.id_code,
      name: data.app.name,
      region: region.toUpperCase(),
      timezone: data.app.timezone,
      createdAt: iso(data.app.created_at),
    });

    // The directory, with the relations both ways.
    expect(workspace?.admins.map((a) => a.id)).toEqual(
      data.admins.map((a) => a.id),
    );
    for (const answered of workspace?.admins ?? []) {
      const source = data.admins.find((a) => a.id === answered.id);
      expect(answered.name).toBe(source?.name);
      expect(answered.teams.map((t) => t.id)).toEqual(
        (source?.team_ids ?? []).map(String),
      );
    }
    expect(workspace?.teams.map((t) => [t.id, t.name])).toEqual(
      data.teams.map((t) => [t.id, t.name]),
    );
    for (const answered of workspace?.teams ?? []) {
      const source = data.teams.find((t) => t.id === answered.id);
      expect(answered.admins.map((a) => a.id)).toEqual(
        (source?.admin_ids ?? []).map(String),
      );
    }
    expect(workspace?.tags).toEqual(
      data.tags.map((t) => ({ id: t.id, name: t.name })),
    );
    expect(workspace?.admin).toEqual({ id: admin.id, name: admin.name });
    expect(workspace?.team).toEqual({ id: team.id, name: team.name });
    expect(workspace?.tag).toEqual({ id: tag.id, name: tag.name });

    // Records, with their relations as objects.
    expect(workspace?.contact).toEqual(contactFields(contact));
    const { contactIds, ...conversationExpected } =
      conversationFields(conversation);
    expect(workspace?.conversation).toMatchObject(conversationExpected);
    expect(workspace?.conversation.contacts).toEqual(
      contactIds.map((id) => ({ id })),
    );
    expect(workspace?.contacts.totalCount).toBe(data.contacts.length);
    expect(workspace?.contacts.nodes).toHaveLength(5);
    expect(workspace?.conversations.totalCount).toBe(data.conversations.length);
    expect(workspace?.conversations.nodes).toHaveLength(5);
  });
});

it('lists every configured connection', async () => {
  const answer = await stack.query<{
    connections: { id: string; region: string; status: string }[];
  }>('{ connections { id region status } }');

  expect(answer.errors).toBeUndefined();
  expect(answer.data?.connections).toEqual(
    REGIONS.map((region) => ({
      id: CONNECTIONS[region],
      region: region.toUpperCase(),
      status: 'ACTIVE',
    })),
  );
});

it('answers null and NOT_FOUND for a connection id nobody configured', async () => {
  const answer = await stack.query('{ connection(id: "nope") { id } }');

  expect(answer.data).toEqual({ connection: null });
  expect(answer.errors?.[0]).toMatchObject({
    path: ['connection'],
    extensions: { code: 'NOT_FOUND' },
  });
});

it('sends each connection only to its own region, with its own token and the pinned version', async () => {
  stack.simulator.resetCalls();
  await stack.gateway.cache.clear();
  const answer = await stack.query(`{
    connections {
      workspace {
        name admins { id } teams { id } tags { id }
        contacts(first: 3) { nodes { id owner { id } } }
        conversations(first: 3) { nodes { id contacts { id } } }
      }
    }
  }`);
  const calls = stack.simulator.calls();

  expect(answer.errors).toBeUndefined();
  expect(new Set(calls.map((call) => call.region))).toEqual(new Set(REGIONS));
  for (const call of calls) {
    expect(call.token).toBe(stack.simulator.regions[call.region].token);
    expect(call.intercomVersion).toBe('2.16');
    expect(call.accept).toBe('application/json');
  }
});
