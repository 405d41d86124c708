import type { GraphQLError } from 'graphql';
import type {
  ContactRole,
  ConversationState,
  Region as GraphQLRegion,
} from '../generated/graphql.js';
import { isRegion, type Region } from '../intercom/regions.js';
import { ErrorCode } from '../errors.js';
import { fromUnix } from '../graphql/scalars.js';
import { IntercomError } from '../intercom/errors.js';
import type {
  IntercomAdmin,
  IntercomAdminRole,
  UnixSeconds,
} from '../intercom/models.js';

export function regionEnum(region: Region): GraphQLRegion {
  return region.toUpperCase() as GraphQLRegion;
}

/** Intercom writes an app's region as `US`; fall back to the connection's. */
export function appRegion(
  value: string | undefined,
  fallback: Region,
): GraphQLRegion {
  const region = value?.toLowerCase();
  return regionEnum(isRegion(region) ? region : fallback);
}

export function roleEnum(role: string): ContactRole {
  return role === 'lead' ? 'LEAD' : 'USER';
}

export function stateEnum(state: string): ConversationState {
  switch (state) {
    case 'closed':
      return 'CLOSED';
    case 'snoozed':
      return 'SNOOZED';
    default:
      return 'OPEN';
  }
}

/**
 * Intercom marks "unassigned" with 0, null or no value at all, depending on
 * the endpoint; all three mean there is nobody to resolve.
 */
export function assigneeId(id: number | string | null | undefined) {
  if (id === null || id === undefined) return undefined;
  const text = String(id);
  return text === '' || text === '0' ? undefined : text;
}

/** Whether a loader slot failed only because the record no longer exists. */
export function isMissing(result: unknown): result is IntercomError {
  return (
    result instanceof Error &&
    (result as Partial<GraphQLError & IntercomError>).code ===
      ErrorCode.NOT_FOUND
  );
}

/**
 * A timestamp Intercom always sends; its absence is a malformed answer,
 * which fails this field alone rather than inventing a time.
 */
export function requiredTime(
  seconds: UnixSeconds | null | undefined,
  connectionId: string,
  what: string,
): string {
  const time = fromUnix(seconds);
  if (time === null) {
    throw new IntercomError(
      `Intercom's answer for connection '${connectionId}' lacks ${what}`,
      { code: ErrorCode.UPSTREAM_UNAVAILABLE, connectionId },
    );
  }
  return time;
}

/** An admin's role: none unless Intercom names one by id. */
export function roleOf(admin: IntercomAdmin): IntercomAdminRole | null {
  return admin.role?.id ? admin.role : null;
}
