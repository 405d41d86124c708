import { LineCounter, parseDocument } from 'yaml';
import type { ErrorCode, YAMLError } from 'yaml';

import type { ConfigIssue } from './types.js';

export type YamlResult =
  { ok: true; value: unknown } | { ok: false; issues: ConfigIssue[] };

/**
 * Codes whose messages from the `yaml` package are fixed sentences. Other
 * codes can quote the offending source text (an escape sequence, a tag, a
 * stray token), and that text may sit inside a token, so for those we say
 * what went wrong in our own words instead.
 */
const FIXED_TEXT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BAD_INDENT',
  'BLOCK_AS_IMPLICIT_KEY',
  'BLOCK_IN_FLOW',
  'DUPLICATE_KEY',
  'KEY_OVER_1024_CHARS',
  'MISSING_CHAR',
  'MULTILINE_IMPLICIT_KEY',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_DOCS',
  'MULTIPLE_TAGS',
  'TAB_AS_INDENT',
]);

const OWN_WORDS: Partial<Record<ErrorCode, string>> = {
  BAD_ALIAS: 'an alias or anchor is malformed or refers to no anchor',
  BAD_DQ_ESCAPE: 'a double-quoted string has an invalid escape sequence',
  BAD_SCALAR_START: 'a plain value starts with a reserved character; quote it',
  TAG_RESOLVE_FAILED: 'a tag (a `!` prefix) is not supported here',
  UNEXPECTED_TOKEN: 'unexpected character or token',
};

/**
 * Aliases let a small file expand into a huge value; this bounds how many
 * an attacker-controlled file may use. A real configuration needs a few.
 */
const MAX_ALIAS_COUNT = 100;

/** Parses one YAML document, giving syntax errors by line and column. */
export function parseYaml(text: string): YamlResult {
  const lineCounter = new LineCounter();
  // prettyErrors would append a snippet of the source line, which may hold
  // a token, so positions are resolved here instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => syntaxIssue(error, lineCounter)),
    };
  }

  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch {
    // The alias bound above is what toJS enforces by throwing.
    return {
      ok: false,
      issues: [
        {
          path: '',
          message: `YAML aliases expand too far: expected at most ${MAX_ALIAS_COUNT} alias expansions, got more`,
        },
      ],
    };
  }
}

function syntaxIssue(error: YAMLError, lineCounter: LineCounter): ConfigIssue {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const reason = FIXED_TEXT_CODES.has(error.code)
    ? error.message
    : (OWN_WORDS[error.code] ?? `invalid YAML (${error.code})`);
  return {
    path: '',
    message: `YAML syntax error at line ${line}, column ${col}: ${reason}`,
  };
}
