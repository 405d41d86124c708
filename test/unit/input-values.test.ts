import { describe, expect, it } from 'vitest';
import { withoutInputValues } from '../../src/server/input-values.js';

describe('withoutInputValues', () => {
  it.each([
    [
      'Variable "$r" got invalid value "a; b"; Value "a; b" does not exist in "Region" enum.',
      'Variable "$r" got an invalid value; Value does not exist in "Region" enum.',
    ],
    [
      'Variable "$ids" got invalid value ["x", 2] at "ids[1]"; ID cannot represent value: 2',
      'Variable "$ids" got an invalid value at "ids[1]"; ID cannot represent the value.',
    ],
    [
      'Variable "$f" got invalid value { state: "x" }; Expected type "ConversationFilter" to be an object.',
      'Variable "$f" got an invalid value; Expected type "ConversationFilter" to be an object.',
    ],
    [
      'Variable "$x" got invalid value "secret"; something graphql-js may say one day: "secret"',
      'Variable "$x" got an invalid value.',
    ],
    [
      'Expected value of type "[String!]!", found {a: "secret"}.',
      'Expected value of type "[String!]!", found an object.',
    ],
    [
      'Expected value of type "String!", found null.',
      'Expected value of type "String!", found null.',
    ],
    [
      'Argument "id" has invalid value {a: "secret"}.',
      'Argument "id" has an invalid value.',
    ],
    [
      'Int cannot represent non 32-bit signed integer value: 99999999999',
      'Int cannot represent non 32-bit signed integer value.',
    ],
  ])('rewrites %j without the value', (message, expected) => {
    expect(withoutInputValues(message)).toBe(expected);
  });

  it.each([
    'Syntax Error: Expected Name, found "=".',
    'Cannot query field "nope" on type "IntercomConnection".',
    'Variable "$r" of required type "Region!" was not provided.',
    "Expected `first` between 1 and 150 (Intercom's largest page), got 200.",
    'Field "ConversationFilter.state" of required type "ConversationState!" was not provided.',
  ])('keeps %j, which quotes no input value', (message) => {
    expect(withoutInputValues(message)).toBe(message);
  });
});
