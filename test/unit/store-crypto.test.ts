import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, unseal, UnsealError } from '../../src/store/crypto.js';

const KEY = randomBytes(32);
const TOKEN = 'dG9rOmFjbWUtZXUtdG9rZW4tZm9yLXRlc3Rz';

describe('token encryption', () => {
  it('decrypts what it encrypted, for the same key and context', () => {
    const sealed = seal(KEY, TOKEN, 'connection:acme-eu');

    expect(unseal(KEY, sealed, 'connection:acme-eu')).toBe(TOKEN);
  });

  it('never holds the token in clear, and uses a fresh 12-byte IV each time', () => {
    const first = seal(KEY, TOKEN, 'connection:acme-eu');
    const second = seal(KEY, TOKEN, 'connection:acme-eu');

    for (const sealed of [first, second]) {
      expect(sealed.iv).toHaveLength(12);
      expect(sealed.tag).toHaveLength(16);
      expect(sealed.ciphertext.includes(Buffer.from(TOKEN))).toBe(false);
    }
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
  });

  it('refuses a token sealed for another connection id', () => {
    const sealed = seal(KEY, TOKEN, 'connection:acme-eu');

    expect(() => unseal(KEY, sealed, 'connection:acme-us')).toThrow(
      UnsealError,
    );
  });

  it('refuses another key', () => {
    const sealed = seal(KEY, TOKEN, 'connection:acme-eu');

    expect(() => unseal(randomBytes(32), sealed, 'connection:acme-eu')).toThrow(
      UnsealError,
    );
  });

  it.each(['iv', 'ciphertext', 'tag'] as const)(
    'refuses a changed %s',
    (part) => {
      const sealed = seal(KEY, TOKEN, 'connection:acme-eu');
      const changed = Buffer.from(sealed[part]);
      changed[0] = (changed[0] ?? 0) ^ 1;

      expect(() =>
        unseal(KEY, { ...sealed, [part]: changed }, 'connection:acme-eu'),
      ).toThrow(UnsealError);
    },
  );

  it('refuses a shortened tag rather than checking fewer bits', () => {
    const sealed = seal(KEY, TOKEN, 'connection:acme-eu');

    expect(() =>
      unseal(
        KEY,
        { ...sealed, tag: sealed.tag.subarray(0, 4) },
        'connection:acme-eu',
      ),
    ).toThrow(UnsealError);
  });

  it('names the context but never the token or key in its error', () => {
    const sealed = seal(KEY, TOKEN, 'connection:acme-eu');
    let message = '';
    try {
      unseal(randomBytes(32), sealed, 'connection:acme-eu');
    } catch (error: unknown) {
      message = (error as Error).message;
    }

    expect(message).toContain('connection:acme-eu');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain(KEY.toString('hex'));
    expect(message).not.toContain(KEY.toString('base64'));
  });
});
