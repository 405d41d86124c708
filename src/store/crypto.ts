import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM: a 256-bit key, the 96-bit IV GCM is defined for. */
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A secret encrypted for one context, in the parts the store keeps. */
export interface Sealed {
  iv: Buffer;
  ciphertext: Buffer;
  /** GCM's authentication tag: any change to the parts above fails it. */
  tag: Buffer;
}

/**
 * The key, context or stored bytes do not match: a wrong key, a row moved
 * under another id, or a change to the file. GCM cannot tell which, so
 * the message does not guess.
 */
export class UnsealError extends Error {
  constructor(context: string, cause: unknown) {
    super(`The value stored for ${context} does not decrypt`, { cause });
    this.name = 'UnsealError';
  }
}

/**
 * Encrypts `plaintext` under `key`, binding `context` as additional
 * authenticated data: the result decrypts only for that same context, so
 * a token copied to another connection's row cannot be used there. Every
 * call draws a fresh random IV, since GCM's security ends the moment one
 * IV is used twice with a key.
 */
export function seal(key: Buffer, plaintext: string, context: string): Sealed {
  assert.equal(key.length, KEY_BYTES, 'seal: the key must be 32 bytes');

  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
  ]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** The plaintext of `sealed`, or an {@link UnsealError}. */
export function unseal(key: Buffer, sealed: Sealed, context: string): string {
  assert.equal(key.length, KEY_BYTES, 'unseal: the key must be 32 bytes');

  // Lengths are checked first: Node accepts a short tag, which would
  // weaken the check to as few bits as a tampered row chose to keep.
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) {
    throw new UnsealError(context, new Error('IV or tag of the wrong length'));
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([
      decipher.update(sealed.ciphertext),
      decipher.final(),
    ]).toString('utf8');
  } catch (error: unknown) {
    throw new UnsealError(context, error);
  }
}
