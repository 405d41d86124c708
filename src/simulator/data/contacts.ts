/** The workspace's contacts: users and leads from the region's countries. */
import type { Faker } from '@faker-js/faker';
import type { IntercomTag } from '../../intercom/models.js';
import type { Random } from '../random.js';
import { DAY_SECONDS } from '../time.js';
import {
  BROWSERS,
  OPERATING_SYSTEMS,
  PLANS,
  SIGNUP_SOURCES,
} from './catalog.js';
import { contactId, type GenerationContext } from './context.js';
import type { CountryProfile } from './profiles.js';
import type {
  CustomAttributeType,
  SimulatedAddressableList,
  SimulatedAdmin,
  SimulatedApp,
  SimulatedCompany,
  SimulatedContact,
} from './types.js';

/** Contacts created this recently are not in the search index yet. */
export const UNINDEXED_CONTACTS = 3;

export const CONTACT_ATTRIBUTE_TYPES: Readonly<
  Record<string, CustomAttributeType>
> = {
  plan: 'string',
  seats: 'integer',
  monthly_spend: 'float',
  beta_tester: 'boolean',
  trial_ends_at: 'date',
  signup_source: 'string',
  nps_score: 'integer',
};

const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me'];

export interface ContactInputs {
  app: SimulatedApp;
  admins: readonly SimulatedAdmin[];
  tags: readonly IntercomTag[];
  companies: readonly SimulatedCompany[];
}

export interface GeneratedContacts {
  /** Sorted as `GET /contacts` pages them: created_at, then id. */
  contacts: SimulatedContact[];
  unindexedContactIds: string[];
}

function pickCountry(random: Random, countries: readonly CountryProfile[]) {
  let roll = random.next();
  for (const country of countries) {
    roll -= country.weight;
    if (roll < 0) return country;
  }
  return countries[countries.length - 1] as CountryProfile;
}

/** ASCII letters and digits only, so addresses validate as emails. */
function emailLocalPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

function list(
  url: string,
  data: SimulatedAddressableList['data'],
): SimulatedAddressableList {
  return { type: 'list', data, url, total_count: data.length, has_more: false };
}

/** A time between `from` and `to`, or null with probability 1 - `p`. */
function maybeBetween(random: Random, p: number, from: number, to: number) {
  return random.chance(p) ? random.int(from, Math.max(from, to)) : null;
}

export function generateContacts(
  ctx: GenerationContext,
  count: number,
  inputs: ContactInputs,
): GeneratedContacts {
  const random = ctx.random('contacts');
  const fakers = new Map<string, Faker>();
  const fakerFor = (country: CountryProfile) => {
    let faker = fakers.get(country.countryCode);
    if (faker === undefined) {
      faker = ctx.faker(`contacts:${country.countryCode}`, country.locale);
      fakers.set(country.countryCode, faker);
    }
    return faker;
  };
  const unindexedFrom = count - UNINDEXED_CONTACTS;

  const contacts: SimulatedContact[] = [];
  for (let index = 0; index < count; index++) {
    const id = contactId(index);
    const country = pickCountry(random, ctx.profile.countries);
    const faker = fakerFor(country);
    const role = random.chance(0.7) ? 'user' : 'lead';

    // When: spread over two years, except the not-yet-indexed newcomers.
    const createdAt =
      index >= unindexedFrom
        ? ctx.now - random.int(120, 3_000)
        : ctx.now - random.int(DAY_SECONDS, 730 * DAY_SECONDS);
    const age = ctx.now - createdAt;
    const updatedAt = createdAt + random.int(0, age);

    // Who: leads are often anonymous; a few users have no email either.
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const named = role === 'user' || random.chance(0.6);
    const hasEmail = role === 'user' ? random.chance(0.95) : random.chance(0.6);
    const contactCompanies =
      role === 'user'
        ? random.sample(inputs.companies, random.pick([0, 1, 1, 1, 2]))
        : random.sample(inputs.companies, random.chance(0.1) ? 1 : 0);
    const employer = contactCompanies[0];
    const domain =
      employer?.website !== undefined && random.chance(0.7)
        ? employer.website.replace(/^https:\/\/www\./, '')
        : random.pick(FREE_MAIL);

    const browser = random.chance(0.75) ? random.pick(BROWSERS) : null;
    const mobile = random.pick(['none', 'none', 'none', 'ios', 'android']);
    const place =
      country.places === undefined ? null : random.pick(country.places);
    const located = random.chance(0.9);

    const contact: SimulatedContact = {
      type: 'contact',
      id,
      workspace_id: inputs.app.id_code,
      external_id:
        role === 'user' && random.chance(0.85)
          ? `usr_${String(100_000 + index * 13)}`
          : null,
      role,
      phone: random.chance(0.55)
        ? faker.phone.number({ style: 'international' })
        : null,
      name: named ? `${first} ${last}` : null,
      avatar: {
        type: 'avatar',
        image_url: random.chance(0.3)
          ? `https://static.intercomassets.com/avatars/contacts/${id}.png`
          : null,
      },
      owner_id: random.chance(0.4) ? random.pick(inputs.admins).id : null,
      has_hard_bounced: random.chance(0.03),
      marked_email_as_spam: random.chance(0.02),
      unsubscribed_from_emails: random.chance(0.1),
      created_at: createdAt,
      updated_at: updatedAt,
      signed_up_at:
        role === 'user' ? createdAt - random.int(0, 2 * DAY_SECONDS) : null,
      last_seen_at: maybeBetween(random, 0.8, createdAt, ctx.now),
      last_replied_at: maybeBetween(random, 0.4, createdAt, ctx.now),
      last_contacted_at: maybeBetween(random, 0.5, createdAt, ctx.now),
      last_email_opened_at: null,
      last_email_clicked_at: null,
      language_override: random.chance(0.1) ? country.language : null,
      browser: browser?.[0] ?? null,
      browser_version: browser?.[1] ?? null,
      browser_language:
        browser === null ? null : `${country.language}-${country.countryCode}`,
      os: browser === null ? null : random.pick(OPERATING_SYSTEMS),
      android_app_name: mobile === 'android' ? inputs.app.name : null,
      android_app_version: mobile === 'android' ? '5.2.1' : null,
      android_device: mobile === 'android' ? 'Pixel 8' : null,
      android_os_version: mobile === 'android' ? '14' : null,
      android_sdk_version: mobile === 'android' ? '34' : null,
      android_last_seen_at:
        mobile === 'android' ? random.int(createdAt, ctx.now) : null,
      ios_app_name: mobile === 'ios' ? inputs.app.name : null,
      ios_app_version: mobile === 'ios' ? '5.2.0' : null,
      ios_device: mobile === 'ios' ? 'iPhone 15' : null,
      ios_os_version: mobile === 'ios' ? '17.5' : null,
      ios_sdk_version: mobile === 'ios' ? '17.2.0' : null,
      ios_last_seen_at:
        mobile === 'ios' ? random.int(createdAt, ctx.now) : null,
      custom_attributes: customAttributes(random, role, ctx.now),
      tags: list(
        `/contacts/${id}/tags`,
        random
          .sample(inputs.tags, random.pick([0, 0, 1, 1, 2, 3, 4]))
          .map((tag) => ({ type: 'tag', id: tag.id, url: `/tags/${tag.id}` })),
      ),
      notes: list(`/contacts/${id}/notes`, []),
      companies: list(
        `/contacts/${id}/companies`,
        contactCompanies.map((company) => ({
          type: 'company',
          id: company.id,
          url: `/companies/${company.id}`,
        })),
      ),
      location: {
        type: 'location',
        country: located ? country.country : null,
        region: located ? (place?.[0] ?? faker.location.state()) : null,
        city: located ? (place?.[1] ?? faker.location.city()) : null,
        country_code: located ? country.countryCode : null,
        continent_code: located ? country.continentCode : null,
      },
      social_profiles: { type: 'list', data: [] },
      utm_source: random.chance(0.2) ? random.pick(SIGNUP_SOURCES) : null,
      referrer: null,
    };

    // Email: the description types `email` and `email_domain` as
    // non-nullable strings, so a contact without one omits both.
    if (hasEmail) {
      const local = emailLocalPart(`${first}.${last}.${index}`);
      contact.email = `${local}@${domain}`;
      contact.email_domain = domain;
      contact.last_email_opened_at = maybeBetween(
        random,
        0.3,
        createdAt,
        ctx.now,
      );
      if (contact.last_email_opened_at !== null && random.chance(0.5)) {
        contact.last_email_clicked_at = contact.last_email_opened_at + 30;
      }
    }
    contacts.push(contact);
  }

  // Company user counts follow from the memberships drawn above.
  for (const company of inputs.companies) {
    company.user_count = contacts.filter(
      (c) =>
        c.role === 'user' && c.companies.data.some((d) => d.id === company.id),
    ).length;
  }

  contacts.sort(
    (a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1),
  );
  const unindexedContactIds: string[] = [];
  for (let index = unindexedFrom; index < count; index++) {
    unindexedContactIds.push(contactId(index));
  }
  return { contacts, unindexedContactIds };
}

function customAttributes(
  random: Random,
  role: 'user' | 'lead',
  now: number,
): SimulatedContact['custom_attributes'] {
  const user = role === 'user';
  return {
    plan: user ? random.pick(PLANS) : random.chance(0.5) ? 'free' : null,
    seats: user ? random.int(1, 250) : null,
    monthly_spend: user ? random.int(0, 99_999) / 100 : 0,
    beta_tester: random.chance(0.2),
    // Trials end in the future as often as in the past.
    trial_ends_at: random.chance(0.4)
      ? now + random.int(-90, 30) * DAY_SECONDS
      : null,
    signup_source: random.chance(0.8) ? random.pick(SIGNUP_SOURCES) : null,
    nps_score: random.chance(0.35) ? random.int(0, 10) : null,
  };
}
