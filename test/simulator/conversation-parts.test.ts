/**
 * Conversation parts: Intercom returns at most the newest 500 parts of a
 * conversation, while its counts still cover all of them; every part's
 * author is an admin, bot or contact of the workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import {
  startSimulator,
  type SimulatedConversation,
  type Simulator,
} from '../../src/simulator/index.js';
import { call } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

function longConversation(region: Region): SimulatedConversation {
  const { conversations, longConversationId } =
    simulator.regions[region].workspace;
  const found = conversations.find((c) => c.id === longConversationId);
  if (found === undefined) throw new Error('no long conversation');
  return found;
}

describe.each(REGIONS)('the long conversation of the %s workspace', (name) => {
  it('has 520-560 parts, all counted', () => {
    const record = longConversation(name);
    const parts = record.conversation_parts.conversation_parts;
    expect(parts.length).toBeGreaterThanOrEqual(520);
    expect(parts.length).toBeLessThanOrEqual(560);
    expect(record.conversation_parts.total_count).toBe(parts.length);
    expect(record.statistics?.count_conversation_parts).toBe(parts.length);
    // Only conversations longer than Intercom's limit are cut.
    const others = simulator.regions[name].workspace.conversations.filter(
      (c) => c.id !== record.id,
    );
    expect(others.every((c) => c.conversation_parts.total_count <= 500)).toBe(
      true,
    );
  });

  it('is answered with its newest 500 parts and the full counts', async () => {
    const record = longConversation(name);
    const all = record.conversation_parts.conversation_parts;
    const answer = await call<SimulatedConversation>(
      simulator.regions[name],
      `/conversations/${record.id}`,
    );
    expect(answer.status).toBe(200);
    const served = answer.body.conversation_parts;
    expect(served.conversation_parts).toHaveLength(500);
    expect(served.conversation_parts).toEqual(all.slice(-500));
    expect(served.total_count).toBe(all.length);
    expect(answer.body.statistics?.count_conversation_parts).toBe(all.length);
  });

  it('orders parts oldest first, in time, with ids that never repeat', () => {
    const parts = longConversation(name).conversation_parts.conversation_parts;
    parts.slice(1).forEach((part, i) => {
      expect(part.created_at).toBeGreaterThanOrEqual(
        parts[i]?.created_at ?? Infinity,
      );
    });
    const ids = new Set(
      simulator.regions[name].workspace.conversations.flatMap((c) =>
        c.conversation_parts.conversation_parts.map((p) => p.id),
      ),
    );
    const count = simulator.regions[name].workspace.conversations.reduce(
      (sum, c) => sum + c.conversation_parts.conversation_parts.length,
      0,
    );
    expect(ids.size).toBe(count);
  });

  it('ends assigned to the assignee the conversation names', () => {
    const record = longConversation(name);
    const assignments = record.conversation_parts.conversation_parts.filter(
      (p) => p.part_type === 'assignment',
    );
    const last = assignments[assignments.length - 1]?.assigned_to;
    if (record.admin_assignee_id !== 0) {
      expect(last).toEqual({
        type: 'admin',
        id: String(record.admin_assignee_id),
      });
    } else if (record.team_assignee_id !== 0) {
      expect(last).toEqual({
        type: 'team',
        id: String(record.team_assignee_id),
      });
    } else {
      expect(assignments).toEqual([]);
    }
    expect(record.statistics?.count_assignments).toBe(assignments.length);
  });

  it('mixes customer messages, replies, notes, bots, assignments and closes', () => {
    const parts = longConversation(name).conversation_parts.conversation_parts;
    const kinds = new Set(parts.map((p) => `${p.author.type}:${p.part_type}`));
    for (const kind of [
      'admin:comment',
      'admin:note',
      'admin:assignment',
      'admin:close',
      'bot:comment',
      'bot:assignment',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(
      parts.some((p) => p.author.type === 'user' || p.author.type === 'lead'),
    ).toBe(true);
    const authors = new Set(
      parts.filter((p) => p.author.type === 'admin').map((p) => p.author.id),
    );
    expect(authors.size).toBeGreaterThanOrEqual(3);
  });
});

describe('part authors', () => {
  it('are admins, bots or contacts of the workspace, or gone contacts', () => {
    for (const region of REGIONS) {
      const { admins, bots, contacts, deletedContactIds, conversations } =
        simulator.regions[region].workspace;
      const known = new Set([
        ...admins.map((a) => `admin:${a.id}`),
        ...bots.map((b) => `bot:${b.id}`),
        ...contacts.map((c) => `${c.role}:${c.id}`),
        ...deletedContactIds.map((id) => `user:${id}`),
      ]);
      for (const c of conversations) {
        for (const part of c.conversation_parts.conversation_parts) {
          expect(known).toContain(`${part.author.type}:${part.author.id}`);
        }
      }
      expect(new Set(bots.map((b) => b.name))).toEqual(
        new Set(['Operator', 'Fin']),
      );
    }
  });
});

describe('maxConversationParts', () => {
  it('cuts every conversation to the newest parts it allows', async () => {
    const local = await startSimulator({
      contactsPerWorkspace: 20,
      conversationsPerWorkspace: 10,
      maxConversationParts: 2,
    });
    try {
      const region = local.regions.eu;
      for (const record of region.workspace.conversations) {
        const all = record.conversation_parts.conversation_parts;
        const answer = await call<SimulatedConversation>(
          region,
          `/conversations/${record.id}`,
        );
        expect(answer.body.conversation_parts).toEqual({
          type: 'conversation_part.list',
          conversation_parts: all.slice(-2),
          total_count: all.length,
        });
      }
    } finally {
      await local.close();
    }
  });

  it('refuses a limit below 1', async () => {
    await expect(startSimulator({ maxConversationParts: 0 })).rejects.toThrow(
      /maxConversationParts must be an integer >= 1; got 0/,
    );
  });
});
