import type {
  DataAttributeResolvers,
  Resolvers,
  SegmentResolvers,
} from '../generated/graphql.js';
import { fromUnix } from '../graphql/scalars.js';

const Segment: SegmentResolvers = {
  id: (segment) => segment.id,
  name: (segment) => segment.name,
  personType: (segment) => segment.person_type ?? null,
  count: (segment) => segment.count ?? null,
  createdAt: (segment) => fromUnix(segment.created_at),
  updatedAt: (segment) => fromUnix(segment.updated_at),
};

const DataAttribute: DataAttributeResolvers = {
  name: ({ record }) => record.name,
  fullName: (parent) =>
    parent.model === 'CONVERSATION'
      ? `custom_attributes.${parent.record.name}`
      : (parent.record.full_name ?? null),
  label: (parent) =>
    parent.model === 'CONVERSATION'
      ? parent.record.name
      : (parent.record.label ?? null),
  description: ({ record }) => record.description || null,
  dataType: ({ record }) => record.data_type,
  model: ({ model }) => model,
  // Intercom lists only the workspace's own conversation attributes.
  custom: (parent) =>
    parent.model === 'CONVERSATION' ? true : (parent.record.custom ?? null),
  archived: ({ record }) => record.archived ?? null,
  apiWritable: (parent) =>
    parent.model === 'CONVERSATION'
      ? null
      : (parent.record.api_writable ?? null),
  options: (parent) =>
    parent.model === 'CONVERSATION'
      ? (parent.record.options?.map((option) => option.label) ?? null)
      : (parent.record.options ?? null),
  createdAt: ({ record }) => fromUnix(record.created_at),
  updatedAt: ({ record }) => fromUnix(record.updated_at),
};

export const segmentResolvers: Resolvers = { Segment, DataAttribute };
