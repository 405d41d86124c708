import { createHash } from 'node:crypto';
import { INTERCOM_API_VERSION } from '../intercom/regions.js';

/**
 * Identifies one connection's cache entries. It holds the connection id and
 * a fingerprint of its token, so two connections never share an entry, and
 * a connection whose token is replaced (perhaps by another workspace's)
 * never reads what the old token fetched. The token itself never appears.
 */
export function connectionScope(connectionId: string, token: string): string {
  const fingerprint = sha256(token).slice(0, 16);
  return `${INTERCOM_API_VERSION}:${connectionId}:${fingerprint}`;
}

/**
 * The key of one Intercom request within a connection's scope. The request
 * is hashed because search bodies can hold personal data (an email filter)
 * that must not sit in a shared store's key space in clear.
 */
export function requestKey(
  scope: string,
  method: string,
  path: string,
  body?: unknown,
): string {
  const request = `${method} ${path} ${body === undefined ? '' : JSON.stringify(body)}`;
  return `${scope}:${sha256(request).slice(0, 32)}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
