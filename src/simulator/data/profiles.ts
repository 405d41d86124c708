/**
 * What makes each regional workspace look like it lives where it does: the
 * app's region and timezone, and the countries (with faker locales) its
 * contacts come from.
 */
import {
  base,
  de,
  en,
  en_AU,
  en_CA,
  en_GB,
  en_US,
  fr,
  nl,
  type LocaleDefinition,
} from '@faker-js/faker';
import type { Region } from '../../intercom/regions.js';

export interface CountryProfile {
  country: string;
  countryCode: string;
  continentCode: string;
  locale: LocaleDefinition[];
  /** Regions with their cities, when faker's locale has no fitting ones. */
  places?: readonly (readonly [region: string, city: string])[];
  /** Share of the workspace's contacts located here (weights sum to 1). */
  weight: number;
  language: string;
}

export interface RegionProfile {
  appRegion: 'US' | 'EU' | 'AU';
  timezone: string;
  /** Locale for admins, company names and the workspace itself. */
  locale: LocaleDefinition[];
  countries: readonly CountryProfile[];
}

const IRISH_PLACES = [
  ['Leinster', 'Dublin'],
  ['Leinster', 'Kilkenny'],
  ['Munster', 'Cork'],
  ['Munster', 'Limerick'],
  ['Connacht', 'Galway'],
  ['Ulster', 'Letterkenny'],
] as const;

const NEW_ZEALAND_PLACES = [
  ['Auckland', 'Auckland'],
  ['Wellington', 'Wellington'],
  ['Canterbury', 'Christchurch'],
  ['Otago', 'Dunedin'],
] as const;

export const REGION_PROFILES: Readonly<Record<Region, RegionProfile>> = {
  us: {
    appRegion: 'US',
    timezone: 'America/New_York',
    locale: [en_US, en, base],
    countries: [
      {
        country: 'United States',
        countryCode: 'US',
        continentCode: 'NA',
        locale: [en_US, en, base],
        weight: 0.85,
        language: 'en',
      },
      {
        country: 'Canada',
        countryCode: 'CA',
        continentCode: 'NA',
        locale: [en_CA, en, base],
        weight: 0.15,
        language: 'en',
      },
    ],
  },
  eu: {
    appRegion: 'EU',
    timezone: 'Europe/Dublin',
    locale: [en_GB, en, base],
    countries: [
      {
        country: 'Ireland',
        countryCode: 'IE',
        continentCode: 'EU',
        locale: [en_GB, en, base],
        places: IRISH_PLACES,
        weight: 0.3,
        language: 'en',
      },
      {
        country: 'Germany',
        countryCode: 'DE',
        continentCode: 'EU',
        locale: [de, en, base],
        weight: 0.3,
        language: 'de',
      },
      {
        country: 'France',
        countryCode: 'FR',
        continentCode: 'EU',
        locale: [fr, en, base],
        weight: 0.25,
        language: 'fr',
      },
      {
        country: 'Netherlands',
        countryCode: 'NL',
        continentCode: 'EU',
        locale: [nl, en, base],
        weight: 0.15,
        language: 'nl',
      },
    ],
  },
  au: {
    appRegion: 'AU',
    timezone: 'Australia/Sydney',
    locale: [en_AU, en, base],
    countries: [
      {
        country: 'Australia',
        countryCode: 'AU',
        continentCode: 'OC',
        locale: [en_AU, en, base],
        weight: 0.85,
        language: 'en',
      },
      {
        country: 'New Zealand',
        countryCode: 'NZ',
        continentCode: 'OC',
        locale: [en_AU, en, base],
        places: NEW_ZEALAND_PLACES,
        weight: 0.15,
        language: 'en',
      },
    ],
  },
};
