import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/graphql/cursor.js';

const contacts = { connectionId: 'a', list: 'contacts', filter: null };

describe('cursors', () => {
  it('decode to the position they were made from', () => {
    const cursor = encodeCursor(contacts, { startingAfter: 'WzE', offset: 3 });

    expect(decodeCursor(cursor, contacts)).toEqual({
      startingAfter: 'WzE',
      offset: 3,
    });
  });

  it.each([
    ['another connection', { ...contacts, connectionId: 'b' }],
    ['another list', { ...contacts, list: 'conversations' }],
    ['another filter', { ...contacts, filter: { role: 'LEAD' } }],
  ])('are refused on %s', (_what, identity) => {
    const cursor = encodeCursor(contacts, { startingAfter: null, offset: 0 });

    expect(() => decodeCursor(cursor, identity)).toThrow(GraphQLError);
  });

  it.each(['', 'abc', Buffer.from('[2,"x",null,0]').toString('base64url')])(
    'are refused when malformed: %j',
    (cursor) => {
      expect(() => decodeCursor(cursor, contacts)).toThrow(
        /a cursor this gateway returned/,
      );
    },
  );

  it('do not show the connection id in clear', () => {
    const cursor = encodeCursor(
      { ...contacts, connectionId: 'customer-secret-name' },
      { startingAfter: null, offset: 0 },
    );

    expect(Buffer.from(cursor, 'base64url').toString()).not.toContain(
      'customer-secret-name',
    );
  });
});
