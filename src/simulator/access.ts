/**
 * Who may read what: the tokens of one regional workspace and what each
 * is refused. A token that is not one of them (another region's, a made
 * up one, none) is Intercom's plain 401.
 */
import { ApiError } from './errors.js';
import type { Gate } from './routes.js';

/**
 * The tokens each workspace issues, for tests of refusals: `valid` reads
 * everything; `revoked` and `expired` read nothing; `noParts` lacks the
 * scope to read conversation content, so it may list and search
 * conversations but not retrieve one; `planRestricted` belongs to a
 * workspace whose plan has no API access to conversations;
 * `noIpAllowlist` reads everything but the IP allowlist, whose scope it
 * lacks.
 */
export const TOKEN_VARIANTS = [
  'valid',
  'revoked',
  'expired',
  'noParts',
  'planRestricted',
  'noIpAllowlist',
] as const;

export type TokenVariant = (typeof TOKEN_VARIANTS)[number];

/** Intercom's wording for the scope behind a conversation's content. */
export const MISSING_PARTS_SCOPE_MESSAGE =
  'You do not have the required scope (read_conversations) to access this resource';

/** The same wording, for the scope the IP allowlist endpoints need. */
export const MISSING_IP_ALLOWLIST_SCOPE_MESSAGE =
  'You do not have the required scope (manage_ip_allowlist) to access this resource';

export const PLAN_RESTRICTED_MESSAGE = 'Active subscription needed.';

/**
 * The variant of a token, after refusing tokens that read nothing. The
 * messages of revoked and expired tokens are the simulator's: the
 * description lists neither code.
 */
export function authenticate(
  tokens: ReadonlyMap<string, TokenVariant>,
  sent: string | null,
): TokenVariant {
  const variant = sent === null ? undefined : tokens.get(sent);
  switch (variant) {
    case undefined:
      throw new ApiError(401, 'unauthorized', 'Access Token Invalid');
    case 'revoked':
      throw new ApiError(401, 'token_revoked', 'Token revoked');
    case 'expired':
      throw new ApiError(401, 'token_expired', 'Token expired');
    case 'valid':
    case 'noParts':
    case 'planRestricted':
    case 'noIpAllowlist':
      return variant;
  }
}

/** Refuses a route whose gates this token may not pass. */
export function authorize(variant: TokenVariant, gates: readonly Gate[]) {
  if (variant === 'planRestricted' && gates.includes('conversations')) {
    throw new ApiError(403, 'api_plan_restricted', PLAN_RESTRICTED_MESSAGE);
  }
  if (variant === 'noParts' && gates.includes('conversation-content')) {
    throw new ApiError(403, 'forbidden', MISSING_PARTS_SCOPE_MESSAGE);
  }
  if (variant === 'noIpAllowlist' && gates.includes('ip-allowlist')) {
    throw new ApiError(403, 'forbidden', MISSING_IP_ALLOWLIST_SCOPE_MESSAGE);
  }
}
