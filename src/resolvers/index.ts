import type { Resolvers } from '../generated/graphql.js';
import { DateTime, JSONScalar } from '../graphql/scalars.js';
import { activityResolvers } from './activity.js';
import { adminResolvers } from './admin.js';
import { connectionResolvers } from './connection.js';
import { contactResolvers } from './contact.js';
import { conversationResolvers } from './conversation.js';
import { directoryResolvers } from './directory.js';
import { partResolvers } from './parts.js';
import { queryResolvers } from './query.js';
import { segmentResolvers } from './segments.js';
import { settingsResolvers } from './settings.js';
import { workspaceResolvers } from './workspace.js';

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  ...queryResolvers,
  ...connectionResolvers,
  ...workspaceResolvers,
  ...directoryResolvers,
  ...contactResolvers,
  ...conversationResolvers,
  ...partResolvers,
  ...segmentResolvers,
  ...activityResolvers,
  ...settingsResolvers,
  // Two modules resolve fields of these types; spread alone would keep
  // only the last module's.
  Workspace: {
    ...workspaceResolvers.Workspace,
    ...settingsResolvers.Workspace,
  },
  IntercomConnection: {
    ...connectionResolvers.IntercomConnection,
    ...adminResolvers.IntercomConnection,
  },
  Mutation: {
    ...connectionResolvers.Mutation,
    ...adminResolvers.Mutation,
  },
};
