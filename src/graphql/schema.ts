import { readdirSync, readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers/index.js';
import { applyPiiMasking } from './pii.js';

/**
 * The schema's source files. This module sits two folders below the
 * project root both as source (`src/graphql`) and as build output
 * (`dist/graphql`), so one relative path serves both.
 */
const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'));
}

/**
 * Built once per process; requests share it. Personal-data fields are
 * wrapped last, around the resolvers they mask.
 */
export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers,
    // Every field of every type must have a resolver or an obvious default;
    // a resolver for a field the schema lacks is a mistake.
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  return applyPiiMasking(schema);
}
