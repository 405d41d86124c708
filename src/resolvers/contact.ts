import type {
  ContactConnectionResolvers,
  ContactResolvers,
  Resolvers,
} from '../generated/graphql.js';
import { pageResolvers, requiredTotal } from '../graphql/pagination.js';
import { scoped } from '../graphql/parents.js';
import { fromUnix } from '../graphql/scalars.js';
import { presentOnly } from './directory.js';
import { requiredTime, roleEnum } from './values.js';

const Contact: ContactResolvers = {
  id: ({ record }) => record.id,
  externalId: ({ record }) => record.external_id ?? null,
  workspaceId: ({ record }) => record.workspace_id ?? null,
  role: ({ record }) => roleEnum(record.role),
  // Intercom leaves email out, or sends it empty, when a contact has none.
  email: ({ record }) => record.email || null,
  emailDomain: ({ record }) => record.email_domain || null,
  phone: ({ record }) => record.phone ?? null,
  name: ({ record }) => record.name ?? null,
  owner: async ({ connection, record }, _args, context) => {
    if (record.owner_id == null) return null;
    const loaders = context.loadersFor(connection);
    return scoped(connection, await loaders.admin.load(record.owner_id));
  },
  hasHardBounced: ({ record }) => record.has_hard_bounced ?? null,
  markedEmailAsSpam: ({ record }) => record.marked_email_as_spam ?? null,
  unsubscribedFromEmails: ({ record }) =>
    record.unsubscribed_from_emails ?? null,
  createdAt: ({ record, connection }) =>
    requiredTime(record.created_at, connection.id, 'a contact created_at'),
  updatedAt: ({ record, connection }) =>
    requiredTime(record.updated_at, connection.id, 'a contact updated_at'),
  signedUpAt: ({ record }) => fromUnix(record.signed_up_at),
  lastSeenAt: ({ record }) => fromUnix(record.last_seen_at),
  lastRepliedAt: ({ record }) => fromUnix(record.last_replied_at),
  lastContactedAt: ({ record }) => fromUnix(record.last_contacted_at),
  lastEmailOpenedAt: ({ record }) => fromUnix(record.last_email_opened_at),
  lastEmailClickedAt: ({ record }) => fromUnix(record.last_email_clicked_at),
  languageOverride: ({ record }) => record.language_override ?? null,
  browser: ({ record }) => record.browser ?? null,
  os: ({ record }) => record.os ?? null,
  location: ({ record }) => record.location ?? null,
  customAttributes: ({ record }) => record.custom_attributes ?? {},
  tags: async ({ connection, record }, _args, context) => {
    const ids = (record.tags?.data ?? []).map((tag) => tag.id);
    const tags = await context.loadersFor(connection).tag.loadMany(ids);
    return presentOnly(tags).map((tag) => scoped(connection, tag));
  },
  segments: ({ connection, record }, _args, context) =>
    context.loadersFor(connection).contactSegments.load(record.id),
  // One promise per company: a company that fails to load fails its own
  // index (null, with the error at its path) and the others survive.
  companies: ({ connection, record }, _args, context) => {
    const loaders = context.loadersFor(connection);
    return (record.companies?.data ?? []).map(async ({ id }) =>
      scoped(connection, await loaders.company.load(id)),
    );
  },
};

const ContactConnection: ContactConnectionResolvers = {
  ...pageResolvers(),
  totalCount: requiredTotal,
};

export const contactResolvers: Resolvers = { Contact, ContactConnection };
