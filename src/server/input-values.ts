/**
 * graphql-js quotes the value it could not coerce in its messages, so a
 * token passed in the wrong argument or variable would come back in the
 * answer: `Variable "$r" got invalid value "<token>"; Value "<token>" does
 * not exist in "Region" enum.` These functions rebuild such messages from
 * what is safe to repeat: variable names, paths, type names, the kind of
 * literal, and the schema's own suggestions. What a template does not
 * recognise loses its detail rather than keeping the value.
 *
 * The templates are graphql-js 16's (src/execution/values.ts,
 * src/utilities/coerceInputValue.ts, src/type/scalars.ts,
 * src/type/definition.ts, src/validation/rules/ValuesOfCorrectTypeRule.ts).
 */

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
/** A type reference as graphql-js prints it: `[String!]!`. */
const TYPE = '[[\\]!_0-9A-Za-z]+';
/** graphql-js's `didYouMean`: schema names only, never the input. */
const SUGGESTION = `(?: Did you mean (?:the enum value )?"${NAME}"(?:(?:, "${NAME}")*,? or "${NAME}")?\\?)?`;

/** The fixed words before `value:` in the built-in scalars' messages. */
const SCALAR_KIND =
  '(?:non-integer |non 32-bit signed integer |non numeric |a non string |a non boolean |a non-string and non-integer |)';

/**
 * Messages that end in a coercion failure, each with how to say it without
 * the value. Each is searched from its fixed words to the end of the
 * message, so that the value, which comes earlier or inside, is dropped.
 */
const FAILURES: readonly [RegExp, (...groups: string[]) => string][] = [
  [
    new RegExp(
      `\\b(String|Int|Float|Boolean|ID) cannot represent (${SCALAR_KIND})value: [^]*$`,
    ),
    (scalar = '', kind = '') =>
      `${scalar} cannot represent ${kind || 'the '}value.`,
  ],
  [
    new RegExp(
      `\\bEnum "(${NAME})" cannot represent (non-string|non-enum) value: [^]*?(${SUGGESTION})$`,
    ),
    (type = '', kind = '', suggestion = '') =>
      `Enum "${type}" cannot represent a ${kind} value.${suggestion}`,
  ],
  [
    new RegExp(
      `\\bValue "[^]*" does not exist in "(${NAME})" enum\\.(${SUGGESTION})$`,
    ),
    (type = '', suggestion = '') =>
      `Value does not exist in "${type}" enum.${suggestion}`,
  ],
  [
    new RegExp(
      `\\bField "[^]*" is not defined by type "(${NAME})"\\.(${SUGGESTION})$`,
    ),
    (type = '', suggestion = '') =>
      `A field is not defined by type "${type}".${suggestion}`,
  ],
  // These name no value; they are kept as they are.
  [
    new RegExp(`\\bExpected type "(${NAME})" to be an object\\.$`),
    (type = '') => `Expected type "${type}" to be an object.`,
  ],
  [
    new RegExp(`\\bExpected non-nullable type "(${TYPE})" not to be null\\.$`),
    (type = '') => `Expected non-nullable type "${type}" not to be null.`,
  ],
  [
    new RegExp(
      `\\bField "(${NAME})" of required type "(${TYPE})" was not provided\\.$`,
    ),
    (field = '', type = '') =>
      `Field "${field}" of required type "${type}" was not provided.`,
  ],
  [
    new RegExp(
      `\\bExactly one key must be specified for OneOf type "(${NAME})"\\.$`,
    ),
    (type = '') =>
      `Exactly one key must be specified for OneOf type "${type}".`,
  ],
  [
    new RegExp(`\\bField "(${NAME})" must be non-null\\.$`),
    (field = '') => `Field "${field}" must be non-null.`,
  ],
  // A scalar of the gateway's own threw: its message says what it
  // expects, then, after `got`, what came, which is dropped.
  [
    new RegExp(`\\bExpected type "(${NAME})"\\.(?: ([^]*))?$`),
    (type = '', detail = '') =>
      `Expected type "${type}".${detail ? ` ${withoutGot(detail)}` : ''}`,
  ],
];

/** Drops what follows `got` at the end of a custom scalar's message. */
function withoutGot(detail: string): string {
  return detail.replace(/,? got [^]*$/, '.');
}

/** What a literal is, from how graphql-js printed it. */
function kindOfLiteral(printed: string): string {
  const first = printed.trimStart()[0] ?? '';
  if (first === '[') return 'a list';
  if (first === '{') return 'an object';
  if (first === '"') return 'a string';
  if (first === '$') return 'a variable';
  if (/[-0-9]/.test(first)) return 'a number';
  if (/^(true|false)\b/.test(printed)) return 'a boolean';
  if (/^null\b/.test(printed)) return 'null';
  return 'an enum value';
}

/** The failure at the end of a message, said without its value. */
function failure(message: string): { at: number; text: string } | undefined {
  for (const [pattern, say] of FAILURES) {
    const match = pattern.exec(message);
    if (match) return { at: match.index, text: say(...match.slice(1)) };
  }
  return undefined;
}

const VARIABLE = new RegExp(`^Variable "\\$(${NAME})" got invalid value `);
const PATH = new RegExp(`( at "${NAME}(?:\\.${NAME}|\\[\\d+\\])*"); $`);
const LITERAL = new RegExp(`^Expected value of type "(${TYPE})", found `);
const ARGUMENT = new RegExp(`^Argument "(${NAME})" has invalid value `);

/**
 * A graphql-js coercion or validation message without the input values
 * it quotes; any other message comes back as it was.
 */
export function withoutInputValues(message: string): string {
  // Variable "$r" got invalid value <value>[ at "r.path"]; <failure>
  const variable = VARIABLE.exec(message);
  if (variable) {
    const name = variable[1] ?? '';
    const found = failure(message.slice(variable[0].length));
    if (!found) return `Variable "$${name}" got an invalid value.`;
    const before = message.slice(0, variable[0].length + found.at);
    const path = PATH.exec(before)?.[1] ?? '';
    return `Variable "$${name}" got an invalid value${path}; ${found.text}`;
  }

  // Expected value of type "T", found <literal>[.|; <scalar's message>]
  const literal = LITERAL.exec(message);
  if (literal) {
    const rest = message.slice(literal[0].length);
    const kind = kindOfLiteral(rest);
    const semicolon = rest.lastIndexOf('; ');
    const detail =
      semicolon < 0 ? '' : withoutGot(rest.slice(semicolon + 2)).trim();
    return `Expected value of type "${literal[1] ?? ''}", found ${kind}${detail ? `; ${detail}` : '.'}`;
  }

  const argument = ARGUMENT.exec(message);
  if (argument) return `Argument "${argument[1] ?? ''}" has an invalid value.`;

  // A literal's own failure: String cannot represent a non string value: 12
  const found = failure(message);
  return found?.at === 0 ? found.text : message;
}
