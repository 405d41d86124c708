import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Region } from '../../src/intercom/regions.js';
import type { AuditEntry } from '../../src/server/audit.js';
import type { SimulatedContact } from '../../src/simulator/index.js';
import { client } from '../support/clients.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

const masked = client('analyst', { pii: 'mask' });
const reveal = client('compliance-ui', { pii: 'reveal' });

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    configure: (config) => ({ ...config, clients: [masked, reveal] }),
  });
});

beforeEach(() => {
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

/** Runs a query as a caller, expecting no errors. */
async function ask<T>(
  caller: { key: string },
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const answer = await stack.query<T>(query, variables, { key: caller.key });
  expect(answer.errors).toBeUndefined();
  if (!answer.data) throw new Error('the answer holds no data');
  return answer.data;
}

/** The audit line of the last operation a caller sent. */
function lastAudit(caller: { name: string }): AuditEntry {
  const line = stack.logs
    .filter((entry) => entry.msg === 'audit')
    .map((entry) => entry.audit as AuditEntry)
    .findLast((entry) => entry.caller === caller.name);
  if (!line) throw new Error(`no audit line for ${caller.name}`);
  return line;
}

function byId<T extends { id: string }>(records: readonly T[], id: string): T {
  const record = records.find((candidate) => candidate.id === id);
  if (!record) throw new Error(`the simulator has no record ${id}`);
  return record;
}

interface ContactNode {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  location: Record<string, string | null> | null;
  customAttributes: Record<string, unknown>;
}

const CONTACT_PAGE = (region: Region) => `{
  connection(id: "${CONNECTIONS[region]}") {
    workspace {
      contacts(first: 150) {
        nodes {
          id email phone name
          location { country region city }
          customAttributes
        }
      }
    }
  }
}`;

async function contactPage(caller: { key: string }, region: Region) {
  const data = await ask<{
    connection: { workspace: { contacts: { nodes: ContactNode[] } } };
  }>(caller, CONTACT_PAGE(region));
  return data.connection.workspace.contacts.nodes;
}

const domainOf = (email: string) => email.split('@')[1]?.toLowerCase() ?? '';

/** The /24 network a masked caller sees of an IPv4 address. */
const networkOf = (ip: string) => `${ip.split('.').slice(0, 3).join('.')}.0/24`;
const INITIALS = /^\p{Lu}\.( \p{Lu}\.)*$/u;
const DOMAIN_ONLY = /^\*\*\*@[^@]+$/;

/** What of a contact no masked answer may hold: its full values. */
function revealing(contact: SimulatedContact): string[] {
  return [
    contact.email,
    contact.email?.split('@')[0],
    contact.phone,
    contact.name,
  ].filter((value): value is string => typeof value === 'string');
}

describe.each(['us', 'eu', 'au'] as const)('contacts in %s', (region) => {
  it('reach a masked caller without any full email, phone or name, even from the cache', async () => {
    const data = stack.simulator.regions[region].workspace;

    // The revealing caller reads first, so the masked one is answered
    // from the same cached Intercom answers.
    await contactPage(reveal, region);
    stack.simulator.resetCalls();
    const nodes = await contactPage(masked, region);

    expect(stack.simulator.calls()).toHaveLength(0);
    expect(nodes).toHaveLength(150);
    const text = JSON.stringify(nodes);
    for (const node of nodes) {
      const contact = byId(data.contacts, node.id);
      for (const value of revealing(contact)) {
        expect(text).not.toContain(value);
      }

      // An email keeps its domain only, a phone its last two digits.
      expect(node.email).toBe(
        contact.email ? `***@${domainOf(contact.email)}` : null,
      );
      expect(node.phone).toBe(
        contact.phone
          ? `***${contact.phone.replace(/\D/g, '').slice(-2)}`
          : null,
      );

      // A name keeps one initial per word.
      if (contact.name) {
        const words = contact.name.trim().split(/\s+/);
        expect(node.name).toMatch(INITIALS);
        expect(node.name?.split(' ')).toHaveLength(words.length);
      } else {
        expect(node.name).toBeNull();
      }

      expect(node.location).toEqual({
        country: null,
        region: null,
        city: null,
      });
      expect(node.customAttributes).toEqual({});
    }

    // The page must hold what this test is about.
    for (const key of ['email', 'phone', 'name'] as const) {
      const held = nodes.filter((node) => node[key] !== null);
      expect(held.length).toBeGreaterThan(50);
    }
  });

  it('reach a revealing caller exactly as Intercom has them, after a masked read', async () => {
    const data = stack.simulator.regions[region].workspace;

    await contactPage(masked, region);
    const nodes = await contactPage(reveal, region);

    expect(nodes).toHaveLength(150);
    for (const node of nodes) {
      const contact = byId(data.contacts, node.id);
      expect(node).toEqual({
        id: contact.id,
        email: contact.email || null,
        phone: contact.phone ?? null,
        name: contact.name ?? null,
        location: {
          country: contact.location.country ?? null,
          region: contact.location.region ?? null,
          city: contact.location.city ?? null,
        },
        customAttributes: contact.custom_attributes,
      });
    }
  });
});

it('audits the personal-data fields an answer held, and whether they were masked', async () => {
  await contactPage(masked, 'eu');
  const maskedLine = lastAudit(masked);
  await contactPage(reveal, 'eu');
  const revealLine = lastAudit(reveal);

  const fields = [
    'Contact.customAttributes',
    'Contact.email',
    'Contact.name',
    'Contact.phone',
    'ContactLocation.city',
    'ContactLocation.country',
    'ContactLocation.region',
  ];
  expect(maskedLine).toMatchObject({ piiFields: fields, piiMasked: true });
  expect(revealLine).toMatchObject({ piiFields: fields, piiMasked: false });
});

interface PartNode {
  id: string;
  body: string | null;
  author: { type: string; name: string | null; email: string | null } | null;
}

interface ConversationNode {
  id: string;
  title: string | null;
  source: {
    subject: string | null;
    author: { name: string | null; email: string | null } | null;
  } | null;
  rating: { remark: string | null } | null;
  parts: PartNode[];
}

const CONVERSATIONS = `{
  connection(id: "${CONNECTIONS.eu}") {
    workspace {
      conversations(first: 10) {
        nodes {
          id title
          source { subject author { name email } }
          rating { remark }
          parts { id body author { type name email } }
        }
      }
    }
  }
}`;

async function conversations(caller: { key: string }) {
  const data = await ask<{
    connection: { workspace: { conversations: { nodes: ConversationNode[] } } };
  }>(caller, CONVERSATIONS);
  return data.connection.workspace.conversations.nodes;
}

it('gives a masked caller no message body, subject, remark or title', async () => {
  const data = stack.simulator.regions.eu.workspace;

  const nodes = await conversations(masked);

  const parts = nodes.flatMap((node) => node.parts);
  for (const node of nodes) {
    expect(node.title).toBeNull();
    expect(node.source?.subject ?? null).toBeNull();
    expect(node.rating?.remark ?? null).toBeNull();
  }
  for (const part of parts) expect(part.body).toBeNull();

  // Authors keep initials and domains, as everywhere else.
  const authors = parts.flatMap((part) => (part.author ? [part.author] : []));
  for (const author of authors) {
    if (author.name) expect(author.name).toMatch(INITIALS);
    if (author.email) expect(author.email).toMatch(DOMAIN_ONLY);
  }

  // Not one body of these conversations, nor an author's name or email.
  const text = JSON.stringify(nodes);
  const sources = nodes.map((node) => byId(data.conversations, node.id));
  const written = sources.flatMap((source) => [
    source.title,
    source.source.subject,
    source.conversation_rating?.remark,
    ...source.conversation_parts.conversation_parts.flatMap((part) => [
      part.body,
      part.author.name,
      part.author.email,
    ]),
  ]);
  for (const value of written) {
    if (value) expect(text).not.toContain(value);
  }

  // The page must hold bodies and authors to mask.
  expect(
    sources
      .flatMap((s) => s.conversation_parts.conversation_parts)
      .filter((part) => part.body).length,
  ).toBeGreaterThan(10);
  expect(authors.some((author) => author.email !== null)).toBe(true);
  expect(lastAudit(masked).piiFields).toEqual(
    expect.arrayContaining([
      'ConversationPart.body',
      'ConversationPartAuthor.name',
      'ConversationPartAuthor.email',
    ]) as unknown,
  );
});

it('gives a revealing caller every message body as Intercom has it', async () => {
  const data = stack.simulator.regions.eu.workspace;

  const nodes = await conversations(reveal);

  for (const node of nodes) {
    const source = byId(data.conversations, node.id);
    const bodies = new Map(
      source.conversation_parts.conversation_parts.map((part) => [
        part.id,
        part.body,
      ]),
    );
    for (const part of node.parts) {
      expect(part.body).toBe(bodies.get(part.id) ?? null);
    }
  }
  expect(nodes.flatMap((node) => node.parts).some((part) => part.body)).toBe(
    true,
  );
});

interface ActivityNode {
  id: string;
  ip: string | null;
  description: string | null;
  performedByEmail: string | null;
  metadata: unknown;
}

async function activity(caller: { key: string }, region: Region) {
  const { referenceTime } = stack.simulator.regions[region].workspace;
  const data = await ask<{
    connection: { workspace: { activityLogs: { nodes: ActivityNode[] } } };
  }>(
    caller,
    `query Activity($after: DateTime!) {
      connection(id: "${CONNECTIONS[region]}") {
        workspace {
          activityLogs(createdAfter: $after, first: 150) {
            nodes { id ip description performedByEmail metadata }
          }
        }
      }
    }`,
    { after: new Date((referenceTime - 400 * 86_400) * 1000).toISOString() },
  );
  return data.connection.workspace.activityLogs.nodes;
}

describe.each(['us', 'au'] as const)('the activity log in %s', (region) => {
  it('shows a masked caller only networks, domains and no details', async () => {
    const logs = stack.simulator.regions[region].workspace.activityLogs;

    const nodes = await activity(masked, region);

    expect(nodes.length).toBeGreaterThan(100);
    const text = JSON.stringify(nodes);
    for (const node of nodes) {
      const log = byId(logs, node.id);
      expect(node.ip).toBe(networkOf(log.performed_by.ip));
      expect(text).not.toContain(`"${log.performed_by.ip}"`);
      expect(node.performedByEmail).toBe(
        `***@${domainOf(log.performed_by.email)}`,
      );
      expect(node.description).toBeNull();
      expect(node.metadata).toBeNull();
      expect(text).not.toContain(log.performed_by.email);
    }
    expect(lastAudit(masked).piiFields).toEqual([
      'ActivityLog.description',
      'ActivityLog.ip',
      'ActivityLog.metadata',
      'ActivityLog.performedByEmail',
    ]);
  });

  it('shows a revealing caller every address, sentence and detail', async () => {
    const logs = stack.simulator.regions[region].workspace.activityLogs;

    const nodes = await activity(reveal, region);

    for (const node of nodes) {
      const log = byId(logs, node.id);
      expect(node).toEqual({
        id: log.id,
        ip: log.performed_by.ip,
        description: log.activity_description,
        performedByEmail: log.performed_by.email,
        metadata: log.metadata,
      });
    }
  });
});

it("gives a masked caller security events' networks and domains, and no values changed", async () => {
  const logs = stack.simulator.regions.eu.workspace.activityLogs;
  const query = `{
    connection(id: "${CONNECTIONS.eu}") {
      workspace {
        securityEvents(since: "1970-01-01T00:00:00Z", first: 150) {
          nodes { id ip performedByEmail description before after metadata }
        }
      }
    }
  }`;
  interface EventNode {
    id: string;
    ip: string | null;
    performedByEmail: string | null;
    description: string | null;
    before: unknown;
    after: unknown;
    metadata: unknown;
  }
  const nodesOf = async (caller: { key: string }) =>
    (
      await ask<{
        connection: {
          workspace: { securityEvents: { nodes: EventNode[] } };
        };
      }>(caller, query)
    ).connection.workspace.securityEvents.nodes;

  const nodes = await nodesOf(masked);
  expect(nodes).toHaveLength(150);
  const text = JSON.stringify(nodes);
  for (const node of nodes) {
    const log = byId(logs, node.id);
    expect(node).toEqual({
      id: log.id,
      ip: networkOf(log.performed_by.ip),
      performedByEmail: `***@${domainOf(log.performed_by.email)}`,
      description: null,
      before: null,
      after: null,
      metadata: null,
    });
    expect(text).not.toContain(log.performed_by.email);
  }
  expect(lastAudit(masked).piiFields).toEqual([
    'SecurityEvent.after',
    'SecurityEvent.before',
    'SecurityEvent.description',
    'SecurityEvent.ip',
    'SecurityEvent.metadata',
    'SecurityEvent.performedByEmail',
  ]);

  // The same entries, revealed, hold what was masked.
  const revealed = await nodesOf(reveal);
  expect(revealed.map((node) => node.id)).toEqual(nodes.map((n) => n.id));
  expect(revealed.some((node) => node.before !== null)).toBe(true);
});

it("gives a masked caller the IP allowlist's ranges and only the networks of its single addresses", async () => {
  const { ip_allowlist: entries } =
    stack.simulator.regions.us.workspace.ipAllowlist;
  const query = `{
    connection(id: "${CONNECTIONS.us}") {
      workspace { ipAllowlist { enabled entries } }
    }
  }`;
  type Allowlist = {
    connection: { workspace: { ipAllowlist: { entries: string[] } } };
  };
  const single = entries.filter((entry) => !entry.includes('/'));
  expect(single.length).toBeGreaterThan(0);

  const seen = (await ask<Allowlist>(masked, query)).connection.workspace
    .ipAllowlist.entries;
  expect(seen).toEqual(
    entries.map((entry) => (entry.includes('/') ? entry : networkOf(entry))),
  );
  for (const address of single) expect(seen).not.toContain(address);
  expect(lastAudit(masked).piiFields).toEqual(['IpAllowlist.entries']);

  const revealed = (await ask<Allowlist>(reveal, query)).connection.workspace
    .ipAllowlist.entries;
  expect(revealed).toEqual(entries);
});

it('masks admins, who are people too', async () => {
  const { admins } = stack.simulator.regions.us.workspace;
  const query = `{
    connection(id: "${CONNECTIONS.us}") {
      workspace { admins { id name email } }
    }
  }`;
  type AdminNode = { id: string; name: string; email: string | null };
  type Answer = { connection: { workspace: { admins: AdminNode[] } } };

  const hidden = (await ask<Answer>(masked, query)).connection.workspace.admins;
  const shown = (await ask<Answer>(reveal, query)).connection.workspace.admins;

  expect(hidden.length).toBeGreaterThan(3);
  for (const admin of hidden) {
    const source = byId(admins, admin.id);
    expect(admin.name).toMatch(INITIALS);
    expect(admin.name).not.toBe(source.name);
    expect(admin.email).toBe(`***@${domainOf(source.email)}`);
  }
  for (const admin of shown) {
    const source = byId(admins, admin.id);
    expect(admin).toEqual({
      id: source.id,
      name: source.name,
      email: source.email,
    });
  }
});

it('says in the schema which fields hold personal data and how they are masked', async () => {
  const data = await ask<{
    __type: { fields: { name: string; description: string | null }[] };
  }>(masked, '{ __type(name: "Contact") { fields { name description } } }');

  const described = new Map(
    data.__type.fields.map((field) => [field.name, field.description ?? '']),
  );
  expect(described.get('email')).toContain(
    'Personal data (EMAIL): for callers with `pii: mask`',
  );
  expect(described.get('customAttributes')).toMatch(
    /^The workspace's own attributes[\s\S]*\n\nPersonal data \(CUSTOM_ATTRIBUTES\)/,
  );
  expect(described.get('role') ?? '').not.toContain('Personal data');
});
