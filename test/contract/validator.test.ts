/**
 * The contract suite is only as good as its validator: these cases show it
 * refuses answers that break the description, so a pass means something.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE, OpenApiResponses, openapiAvailable } from './openapi.js';

describe.skipIf(!openapiAvailable)(
  `the response validator built from ${OPENAPI_FILE} (skipped when that file is absent)`,
  () => {
    let openapi: OpenApiResponses;
    beforeAll(() => {
      openapi = new OpenApiResponses();
    });

    const contact = {
      type: 'contact',
      id: '65f0a0001a2b3c4d2193bb00',
      role: 'user',
      email: 'ada@example.com',
      created_at: 1_700_000_000,
      updated_at: 1_700_000_000,
      tags: {
        type: 'list',
        data: [{ type: 'tag', id: '1', url: '/tags/1' }],
        url: '/contacts/65f0a0001a2b3c4d2193bb00/tags',
        total_count: 1,
        has_more: false,
      },
    };
    const validate = (path: string, status: number, body: unknown) =>
      openapi.validate('GET', path, status, body).errors;

    it('accepts a well-formed contact with relative urls', () => {
      expect(validate('/contacts/x', 200, contact)).toEqual([]);
    });

    it('refuses null where the description declares a non-nullable type', () => {
      expect(
        validate('/contacts/x', 200, { ...contact, email: null }),
      ).not.toEqual([]);
    });

    it('refuses values outside an enum', () => {
      const list = {
        type: 'conversation.list',
        conversations: [{ state: 'pending' }],
      };
      expect(validate('/conversations', 200, list)).not.toEqual([]);
    });

    it('refuses strings where integers are declared', () => {
      const admin = { type: 'admin', id: '1', team_ids: ['814865'] };
      expect(validate('/admins/1', 200, admin)).not.toEqual([]);
    });

    it('refuses a null assignee id, which the description types as integer', () => {
      const item = { type: 'conversation', id: '1', admin_assignee_id: null };
      const list = { type: 'conversation.list', conversations: [item] };
      expect(validate('/conversations', 200, list)).not.toEqual([]);
    });

    it('refuses malformed uri references', () => {
      const tags = { ...contact.tags, url: 'not a uri' };
      expect(validate('/contacts/x', 200, { ...contact, tags })).not.toEqual(
        [],
      );
    });

    it('refuses error bodies without their required errors list', () => {
      expect(validate('/contacts/x', 404, { type: 'error.list' })).not.toEqual(
        [],
      );
      expect(validate('/admins/1', 404, { type: 'error.list' })).not.toEqual(
        [],
      );
    });

    it('refuses activity-log changes whose before and after are not objects', () => {
      const log = {
        id: 'x',
        activity_type: 'app_name_change',
        metadata: { before: 'Old name', after: 'New name' },
      };
      const list = { type: 'activity_log.list', activity_logs: [log] };
      expect(validate('/admins/activity_logs', 200, list)).not.toEqual([]);
    });

    it('refuses a conversation attribute of a type the description lacks', () => {
      const attribute = {
        type: 'conversation_attribute',
        id: 1,
        name: 'Issue type',
        data_type: 'enum',
      };
      const list = { type: 'list', data: [attribute] };
      expect(validate('/conversations/attributes', 200, list)).not.toEqual([]);
    });

    it('refuses success statuses the operation does not describe', () => {
      expect(validate('/me', 201, {})).not.toEqual([]);
    });
  },
);
