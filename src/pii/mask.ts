/**
 * How each kind of personal data is masked for callers with `pii: mask`.
 *
 * Every mask is one-way: it keeps at most a part that many people share
 * (an email's domain, a network, initials, two digits) and never a form
 * the value could be recovered from, such as a hash, which a caller could
 * match against a list of guesses.
 */
import { isIP } from 'node:net';
import type { PiiKind } from '../generated/graphql.js';

/**
 * What a non-null string field answers when nothing of its value may
 * show. Nullable fields answer null instead.
 */
export const MASKED = '[masked]';

/**
 * Prefix lengths kept of an IP address: the convention of analytics tools
 * that anonymise addresses. They still tell an office's network from a
 * hosting provider's, which is what an audit of sign-ins looks for.
 */
export const IPV4_PREFIX_BITS = 24;
export const IPV6_PREFIX_BITS = 48;

/** Digits a phone number needs before two of them may show. */
const MIN_PHONE_DIGITS = 6;

/** `***@` and the domain; null when the value has no usable domain. */
export function maskEmail(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at <= 0) return null;
  const domain = email.slice(at + 1).trim();

  // Anything but a host name (a display name's `>`, spaces) is not shown,
  // since it could be the person's own words.
  if (!/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(domain)) return null;
  return `***@${domain.toLowerCase()}`;
}

/**
 * `***` and the last two digits. A short number (an extension, a typo)
 * is masked whole, since two of four digits say too much.
 */
export function maskPhone(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) return null;
  return `***${digits.slice(-2)}`;
}

/** The initial of each word, upper case: `Emmalee Boyle` is `E. B.`. */
export function maskName(name: string): string | null {
  const initials: string[] = [];
  for (const word of name.trim().split(/\s+/)) {
    const letter = /\p{L}/u.exec(word)?.[0];
    if (letter !== undefined) initials.push(`${letter.toUpperCase()}.`);
  }
  return initials.length > 0 ? initials.join(' ') : null;
}

/**
 * The network the address belongs to, in CIDR notation, so it cannot be
 * taken for a real address: `203.0.113.7` is `203.0.113.0/24`. An IPv6
 * address that carries an IPv4 one (`::ffff:203.0.113.7`) is masked as
 * that IPv4 address. Null for anything that is not an address.
 */
export function maskIp(ip: string): string | null {
  const range = /^([^/]+)\/(\d{1,3})$/.exec(ip.trim());
  if (range) return maskRange(range[1] ?? '', Number(range[2]));
  const address = ip.trim().replace(/%.*$/, '');
  switch (isIP(address)) {
    case 4:
      return ipv4Network(address);
    case 6: {
      const embedded = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
      return embedded ? ipv4Network(embedded) : ipv6Network(address);
    }
    default:
      return null;
  }
}

/**
 * A CIDR range, as IP allowlists hold them: one as wide as an address's
 * kept network or wider shows whole, with the address's host part masked;
 * a narrower one (a single host's `/32`) shows as that network.
 */
function maskRange(address: string, prefix: number): string | null {
  const version = isIP(address);
  if (version === 0) return null;
  const [network, kept, widest] =
    version === 4
      ? [ipv4Network(address), IPV4_PREFIX_BITS, 32]
      : [ipv6Network(address), IPV6_PREFIX_BITS, 128];
  if (prefix > widest) return null;
  return prefix >= kept ? network : network.replace(/\/\d+$/, `/${prefix}`);
}

function ipv4Network(address: string): string {
  const kept = address.split('.').slice(0, IPV4_PREFIX_BITS / 8);
  while (kept.length < 4) kept.push('0');
  return `${kept.join('.')}/${IPV4_PREFIX_BITS}`;
}

function ipv6Network(address: string): string {
  // Expands `::` only as far as the kept groups need: the groups after it
  // are all masked anyway. An embedded IPv4 tail is past the kept groups.
  const [head = '', tail] = address.split('::');
  const groups = head === '' ? [] : head.split(':');
  if (tail !== undefined) while (groups.length < 8) groups.push('0');
  const kept = groups
    .slice(0, IPV6_PREFIX_BITS / 16)
    .map((group) => parseInt(group, 16).toString(16));

  // Zero groups at the end join the `::` of the masked ones, as RFC 5952
  // writes them: `2001:db8::/48`, not `2001:db8:0::/48`.
  while (kept.at(-1) === '0') kept.pop();
  return `${kept.join(':')}::/${IPV6_PREFIX_BITS}`;
}

/** How one kind is masked, and how the schema describes that. */
interface KindMask {
  /** Values of this kind are strings, or JSON of any shape. */
  shape: 'string' | 'json';
  /** The masked string; null when nothing of it may show. */
  mask: (value: string) => string | null;
  /** The mask in words, for field descriptions, after "…, ". */
  shows: string;
  /**
   * Whether a value that is its own mask may show: for IP addresses, one
   * is a range at least as wide as the network a mask keeps, which tells
   * no more than the mask of any address in it.
   */
  ownMaskShows?: true;
}

const nothing = () => null;

const KINDS: Readonly<Record<PiiKind, KindMask>> = {
  EMAIL: {
    shape: 'string',
    mask: maskEmail,
    shows: 'only its domain shows, as `***@example.com`',
  },
  PHONE: {
    shape: 'string',
    mask: maskPhone,
    shows: 'only its last two digits show, as `***42`',
  },
  NAME: {
    shape: 'string',
    mask: maskName,
    shows: 'only its initials show, as `E. B.`',
  },
  LOCATION: { shape: 'string', mask: nothing, shows: '' },
  IP: {
    shape: 'string',
    mask: maskIp,
    shows: `only its network shows, as \`203.0.113.0/${IPV4_PREFIX_BITS}\``,
    ownMaskShows: true,
  },
  BODY: { shape: 'string', mask: nothing, shows: '' },
  CUSTOM_ATTRIBUTES: { shape: 'json', mask: nothing, shows: '' },
  METADATA: { shape: 'json', mask: nothing, shows: '' },
};

export function isPiiKind(kind: unknown): kind is PiiKind {
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind);
}

/** Whether values of the kind are strings or JSON of any shape. */
export function shapeOf(kind: PiiKind): KindMask['shape'] {
  return KINDS[kind].shape;
}

/**
 * A value of the kind as a masked caller gets it: never the value itself.
 * Null stays null. A value of an unexpected type is masked whole, so that
 * no serialisation error can quote it.
 */
export function maskValue(
  kind: PiiKind,
  value: unknown,
  nullable: boolean,
): unknown {
  if (value === null || value === undefined) return null;
  const { shape, mask, ownMaskShows } = KINDS[kind];

  // JSON is dropped whole: its keys and values are the workspace's own,
  // so no rule could tell which of them name a person.
  if (shape === 'json') return nullable ? null : {};

  // A value that is its own mask, such as a name stored as initials, is
  // masked whole: the answer is never the value as stored.
  const masked = typeof value === 'string' ? mask(value) : null;
  if (masked === null || (masked === value && !ownMaskShows)) {
    return nullable ? null : MASKED;
  }
  return masked;
}

/** The sentence a field's description gets for its kind. */
export function describeMask(kind: PiiKind, nullable: boolean): string {
  const { shape, shows } = KINDS[kind];
  const whole = nullable
    ? 'it is null'
    : shape === 'json'
      ? 'it is `{}`'
      : `it is \`${MASKED}\``;
  const masked = shows === '' ? whole : `${shows}; otherwise ${whole}`;
  return `Personal data (${kind}): for callers with \`pii: mask\`, ${masked}.`;
}
