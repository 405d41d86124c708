/**
 * What every generator receives: the region, its profile, the reference
 * "now", and named streams of randomness derived from the seed.
 */
import { Faker, type LocaleDefinition } from '@faker-js/faker';
import type { Region } from '../../intercom/regions.js';
import type { TokenVariant } from '../access.js';
import { createRandom, deriveSeed, type Random } from '../random.js';
import { REGION_PROFILES, type RegionProfile } from './profiles.js';

export interface GenerationContext {
  seed: number;
  region: Region;
  profile: RegionProfile;
  /** Unix seconds the data treats as "now". */
  now: number;
  /** A fresh generator for one named stream of this region. */
  random(stream: string): Random;
  /** A seeded faker for one named stream, in the region's locale. */
  faker(stream: string, locale?: LocaleDefinition[]): Faker;
}

export function createContext(
  seed: number,
  region: Region,
  now: number,
): GenerationContext {
  const profile = REGION_PROFILES[region];
  return {
    seed,
    region,
    profile,
    now,
    random: (stream) => createRandom(deriveSeed(seed, region, stream)),
    faker: (stream, locale = profile.locale) => {
      const faker = new Faker({ locale });
      faker.seed(deriveSeed(seed, region, 'faker', stream));
      return faker;
    },
  };
}

/**
 * Contact ids look like Intercom's 24-hex-digit ids and depend on the index
 * only: the same ids exist in every region (each with its own person), so
 * tests can catch a gateway that answers from the wrong workspace.
 */
export function contactId(index: number): string {
  const time = (0x65f0a000 + index * 977).toString(16).padStart(8, '0');
  const tail = deriveSeed('contact-id', index).toString(16).padStart(8, '0');
  const counter = (0x2193bb00 + index).toString(16).padStart(8, '0');
  return `${time}${tail}${counter}`;
}

/** Conversation ids are numeric strings, shared across regions likewise. */
export function conversationId(index: number): string {
  return String(215_470_000_000_000 + index * 37 + 11);
}

/**
 * A Bearer token shaped like Intercom's ("tok:<uuid>:1:0" in base64),
 * marked `sim` so nobody mistakes it for a real credential. Each variant
 * has a stream of its own; the valid token keeps the one it always had.
 */
export function tokenFor(
  seed: number,
  region: Region,
  variant: TokenVariant = 'valid',
): string {
  const stream = variant === 'valid' ? 'token' : `token:${variant}`;
  const random = createRandom(deriveSeed(seed, region, stream));
  const parts = [random.hex(8), random.hex(4), random.hex(12)];
  const label = variant === 'valid' ? region : `${region}_${variant}`;
  const id = `sim_${label}_${parts.join('_')}`;
  return Buffer.from(`tok:${id}:1:0`).toString('base64');
}
