/** Intercom's data-residency regions and their REST hosts. */
export const REGIONS = ['us', 'eu', 'au'] as const;

export type Region = (typeof REGIONS)[number];

export const DEFAULT_REGION_URLS: Readonly<Record<Region, string>> = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
};

/** The API version every request pins with the `Intercom-Version` header. */
export const INTERCOM_API_VERSION = '2.16';

export function isRegion(value: unknown): value is Region {
  return (REGIONS as readonly unknown[]).includes(value);
}

/** Intercom counts each app's calls in fixed windows this long. */
export const INTERCOM_WINDOW_SECONDS = 10;
