import type {
  ConversationPartAuthorResolvers,
  ConversationPartResolvers,
  Resolvers,
} from '../generated/graphql.js';
import { scoped } from '../graphql/parents.js';
import { fromUnix } from '../graphql/scalars.js';
import { requiredTime } from './values.js';

const ConversationPart: ConversationPartResolvers = {
  id: ({ record }) => record.id,
  partType: ({ record }) => record.part_type,
  body: ({ record }) => record.body ?? null,
  createdAt: ({ record, connection }) =>
    requiredTime(record.created_at, connection.id, 'a part created_at'),
  updatedAt: ({ record }) => fromUnix(record.updated_at),
  notifiedAt: ({ record }) => fromUnix(record.notified_at),
  author: ({ connection, record }) =>
    record.author ? scoped(connection, record.author) : null,
  redacted: ({ record }) => record.redacted ?? null,
};

/** Intercom's author types that name a contact. */
const CONTACT_AUTHORS = new Set(['user', 'lead', 'contact']);

const ConversationPartAuthor: ConversationPartAuthorResolvers = {
  type: ({ record }) => record.type,
  id: ({ record }) => record.id,
  name: ({ record }) => record.name ?? null,
  email: ({ record }) => record.email || null,
  admin: async ({ connection, record }, _args, context) => {
    if (record.type !== 'admin') return null;
    const loaders = context.loadersFor(connection);
    return scoped(connection, await loaders.admin.load(record.id));
  },
  contact: async ({ connection, record }, _args, context) => {
    if (!CONTACT_AUTHORS.has(record.type)) return null;
    const loaders = context.loadersFor(connection);
    return scoped(connection, await loaders.contact.load(record.id));
  },
};

export const partResolvers: Resolvers = {
  ConversationPart,
  ConversationPartAuthor,
};
