/**
 * Data attributes (contacts and companies) and conversation attributes:
 * the standard ones, the custom ones the records carry with their types,
 * archived ones only on request, and the 422 for `model=conversation`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import {
  startSimulator,
  type SimulatedConversationAttribute,
  type SimulatedDataAttribute,
  type Simulator,
} from '../../src/simulator/index.js';
import { call } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({
    contactsPerWorkspace: 60,
    conversationsPerWorkspace: 30,
  });
});
afterAll(() => simulator.close());

interface List<T> {
  type: 'list';
  data: T[];
}

async function attributes(query: string) {
  const answer = await call<List<SimulatedDataAttribute>>(
    simulator.regions.eu,
    `/data_attributes${query}`,
  );
  expect(answer.status).toBe(200);
  expect(answer.body.type).toBe('list');
  return answer.body.data;
}

describe('GET /data_attributes', () => {
  it('lists contact and company attributes, without archived ones', async () => {
    const all = await attributes('');
    const { dataAttributes } = simulator.regions.eu.workspace;
    expect(all).toEqual(dataAttributes.filter((a) => !a.archived));
    expect(new Set(all.map((a) => a.model))).toEqual(
      new Set(['contact', 'company']),
    );
  });

  it('lists one model with model=contact or model=company', async () => {
    for (const model of ['contact', 'company'] as const) {
      const listed = await attributes(`?model=${model}`);
      expect(listed.length).toBeGreaterThan(10);
      expect(listed.every((a) => a.model === model)).toBe(true);
    }
  });

  it('has the standard attributes of each model', async () => {
    const names = (list: SimulatedDataAttribute[]) =>
      list.filter((a) => !a.custom).map((a) => a.full_name);
    expect(names(await attributes('?model=contact'))).toEqual(
      expect.arrayContaining([
        'id',
        'external_id',
        'email',
        'name',
        'role',
        'last_seen_at',
        'location.country',
      ]),
    );
    expect(names(await attributes('?model=company'))).toEqual(
      expect.arrayContaining(['id', 'company_id', 'name', 'plan.name']),
    );
  });

  it('declares the custom attributes contacts carry, with their types', async () => {
    const { contactAttributeTypes, contacts } = simulator.regions.eu.workspace;
    const custom = (await attributes('?model=contact')).filter((a) => a.custom);
    expect(
      Object.fromEntries(custom.map((a) => [a.name, a.data_type])),
    ).toEqual(contactAttributeTypes);
    for (const attribute of custom) {
      expect(attribute.full_name).toBe(`custom_attributes.${attribute.name}`);
      expect(attribute.id).toEqual(expect.any(Number));
    }
    const used = new Set(
      contacts.flatMap((c) => Object.keys(c.custom_attributes)),
    );
    expect(new Set(custom.map((a) => a.name))).toEqual(used);
  });

  it('adds archived attributes with include_archived=true', async () => {
    const all = await attributes('?include_archived=true');
    const archived = all.filter((a) => a.archived);
    expect(archived.map((a) => [a.model, a.name])).toEqual([
      ['contact', 'legacy_account_id'],
      ['company', 'crm_stage'],
    ]);
    expect(await attributes('?include_archived=false')).toEqual(
      all.filter((a) => !a.archived),
    );
  });

  it('answers 422 to model=conversation, pointing to its endpoint', async () => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.eu,
      '/data_attributes?model=conversation',
    );
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0]).toMatchObject({
      code: 'parameter_invalid',
      message:
        'model=conversation is no longer supported. Use GET /conversations/attributes instead',
    });
  });

  it('answers 400 to an unknown model', async () => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.eu,
      '/data_attributes?model=ticket',
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]?.field).toBe('model');
  });
});

describe('GET /conversations/attributes', () => {
  async function listed(query = '') {
    const answer = await call<List<SimulatedConversationAttribute>>(
      simulator.regions.us,
      `/conversations/attributes${query}`,
    );
    expect(answer.status).toBe(200);
    return answer.body.data;
  }

  it('lists the attributes conversations carry, typed as they hold them', async () => {
    const attributes = await listed();
    const issue = attributes.find((a) => a.name === 'Issue type');
    const count = attributes.find((a) => a.name === 'Order count');
    expect(count?.data_type).toBe('integer');
    expect(issue?.data_type).toBe('list');
    const labels = issue?.options
      ?.filter((o) => !o.archived)
      .map((o) => o.label);
    const used = new Set(
      simulator.regions.us.workspace.conversations.flatMap((c) => {
        const value = c.custom_attributes['Issue type'];
        return value === undefined ? [] : [value];
      }),
    );
    for (const value of used) expect(labels).toContain(value);
    expect(attributes.some((a) => a.archived)).toBe(false);
  });

  it('adds archived attributes with include_archived=true', async () => {
    const all = await listed('?include_archived=true');
    expect(all.filter((a) => a.archived).map((a) => a.name)).toEqual([
      'Legacy priority',
    ]);
    expect(all).toEqual(simulator.regions.us.workspace.conversationAttributes);
  });
});
