import type { ConfigIssue } from './types.js';

/**
 * A configuration that cannot be used. It carries every problem found, not
 * just the first, so an operator can fix them all in one edit.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];
  /** Where the configuration came from: a file path, or a label. */
  readonly source: string;

  constructor(issues: readonly ConfigIssue[], source: string) {
    super(formatIssues(issues, source));
    this.issues = issues;
    this.source = source;
  }
}

/** One line per issue, `<source>: <path>: <message>`, ready for stderr. */
export function formatConfigError(error: ConfigError): string {
  return formatIssues(error.issues, error.source);
}

function formatIssues(issues: readonly ConfigIssue[], source: string): string {
  return issues
    .map(({ path, message }) =>
      // Problems with the file as a whole (syntax, emptiness) have no path.
      path === '' ? `${source}: ${message}` : `${source}: ${path}: ${message}`,
    )
    .join('\n');
}

/** `['connections', 1, 'region']` becomes `connections[1].region`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      path += `[${segment}]`;
    } else if (typeof segment === 'string' && segment.length > MAX_SHOWN_KEY) {
      // Every real key is a short word. A long one is most likely a token
      // that YAML read as a key (a missing colon, a stray brace), so it is
      // described rather than printed.
      path += `[<key of ${segment.length} characters>]`;
    } else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) {
      path += path === '' ? segment : `.${segment}`;
    } else {
      // A key with dots or spaces would make the path ambiguous; quote it.
      path += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return path;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Longer keys and values are never printed; see formatPath. */
export const MAX_SHOWN_KEY = 32;
