import { describe, expect, it } from 'vitest';
import {
  describeMask,
  MASKED,
  maskEmail,
  maskIp,
  maskName,
  maskPhone,
  maskValue,
} from '../../src/pii/mask.js';

describe('a masked email', () => {
  it('keeps only its domain, in lower case', () => {
    expect(maskEmail('emmalee.boyle.331@Outlook.com')).toBe('***@outlook.com');
  });

  it('keeps a subdomain and an internationalised domain', () => {
    expect(maskEmail('a@mail.gutmann-senger.example')).toBe(
      '***@mail.gutmann-senger.example',
    );
    expect(maskEmail('jörg@bücher.de')).toBe('***@bücher.de');
  });

  it.each([
    ['no @', 'emmalee.boyle'],
    ['nothing before the @', '@example.com'],
    ['a display name around it', 'Emmalee Boyle <emmalee@example.com>'],
    ['a domain without a dot', 'emmalee@localhost'],
    ['spaces in the domain', 'emmalee@exa mple.com'],
  ])('shows nothing when it has %s', (_why, email) => {
    expect(maskEmail(email)).toBeNull();
  });
});

describe('a masked phone number', () => {
  it('keeps only its last two digits, whatever the formatting', () => {
    expect(maskPhone('+44 20 7946 0958')).toBe('***58');
    expect(maskPhone('(555) 010-9942')).toBe('***42');
  });

  it('shows nothing when it is too short to be a phone number', () => {
    expect(maskPhone('1234')).toBeNull();
    expect(maskPhone('ext. 12')).toBeNull();
  });
});

describe('a masked name', () => {
  it('keeps only the initial of each word, in upper case', () => {
    expect(maskName('Emmalee Boyle')).toBe('E. B.');
    expect(maskName('  fynn   von neumair ')).toBe('F. V. N.');
  });

  it('takes the first letter of a word that starts otherwise', () => {
    expect(maskName("'Ana' Ñúñez")).toBe('A. Ñ.');
  });

  it('does not show an email address used as a name', () => {
    expect(maskName('allen.white.105@yahoo.com')).toBe('A.');
  });

  it('shows nothing when there is no letter', () => {
    expect(maskName('123 456')).toBeNull();
    expect(maskName('   ')).toBeNull();
  });
});

describe('a masked IP address', () => {
  it('keeps the /24 network of an IPv4 address', () => {
    expect(maskIp('73.162.18.201')).toBe('73.162.18.0/24');
  });

  it('keeps the /48 network of an IPv6 address, written canonically', () => {
    expect(maskIp('2001:0DB8:85a3:0000:0000:8a2e:0370:7334')).toBe(
      '2001:db8:85a3::/48',
    );
    expect(maskIp('2001:db8::1')).toBe('2001:db8::/48');
    expect(maskIp('fe80::1%eth0')).toBe('fe80::/48');
    expect(maskIp('::1')).toBe('::/48');
  });

  it('masks an IPv4 address carried in IPv6 as IPv4', () => {
    expect(maskIp('::ffff:203.0.113.7')).toBe('203.0.113.0/24');
  });

  it('shows a range as wide as it is, and a narrow one as its network', () => {
    expect(maskIp('73.162.0.0/16')).toBe('73.162.0.0/16');
    expect(maskIp('73.162.18.201/16')).toBe('73.162.18.0/16');
    expect(maskIp('198.51.100.7/32')).toBe('198.51.100.0/24');
    expect(maskIp('2001:db8:85a3::8a2e/128')).toBe('2001:db8:85a3::/48');
    expect(maskIp('2001:db8::/32')).toBe('2001:db8::/32');
    expect(maskIp('10.0.0.1/33')).toBeNull();
    expect(maskIp('office/24')).toBeNull();
  });

  it('shows nothing of what is not an address', () => {
    expect(maskIp('203.0.113')).toBeNull();
    expect(maskIp('office wifi')).toBeNull();
  });
});

describe('maskValue', () => {
  it('answers the kind’s mask for a nullable field', () => {
    expect(maskValue('EMAIL', 'a.b@example.com', true)).toBe('***@example.com');
    expect(maskValue('PHONE', '+61 2 9374 4000', true)).toBe('***00');
    expect(maskValue('NAME', 'Ronald Pagac', true)).toBe('R. P.');
    expect(maskValue('IP', '86.44.2.9', true)).toBe('86.44.2.0/24');
  });

  it('answers null for location parts and free text', () => {
    expect(maskValue('LOCATION', 'Dublin', true)).toBeNull();
    expect(maskValue('BODY', '<p>Call me on 555 0199</p>', true)).toBeNull();
  });

  it('answers a fixed marker where a non-null string has nothing to show', () => {
    expect(maskValue('BODY', 'Thanks, Emmalee', false)).toBe(MASKED);
    expect(maskValue('LOCATION', 'Ireland', false)).toBe(MASKED);
    expect(maskValue('NAME', '42', false)).toBe(MASKED);
    expect(maskValue('EMAIL', 'not an email', false)).toBe(MASKED);
  });

  it('drops JSON whole: an empty object when non-null, else null', () => {
    const attributes = { plan: 'pro', referrer: 'emmalee@example.com' };

    expect(maskValue('CUSTOM_ATTRIBUTES', attributes, false)).toEqual({});
    expect(maskValue('CUSTOM_ATTRIBUTES', attributes, true)).toBeNull();
    expect(maskValue('METADATA', { invitee_email: 'x@y.z' }, true)).toBeNull();
  });

  it('masks whole a value that is its own mask, such as initials', () => {
    expect(maskValue('NAME', 'E. B.', true)).toBeNull();
    expect(maskValue('NAME', 'E. B.', false)).toBe(MASKED);
  });

  it('shows an IP range that is its own mask: it is no narrower than one', () => {
    expect(maskValue('IP', '73.162.0.0/16', false)).toBe('73.162.0.0/16');
    expect(maskValue('IP', '203.0.113.0/24', true)).toBe('203.0.113.0/24');
    expect(maskValue('IP', '203.0.113.9/32', true)).toBe('203.0.113.0/24');
  });

  it('keeps null as null', () => {
    expect(maskValue('EMAIL', null, true)).toBeNull();
    expect(maskValue('CUSTOM_ATTRIBUTES', undefined, false)).toBeNull();
  });

  it('masks a value of an unexpected type whole, never passing it on', () => {
    expect(maskValue('NAME', { first: 'Emmalee' }, true)).toBeNull();
    expect(maskValue('PHONE', 5550199, false)).toBe(MASKED);
  });

  it.each(['EMAIL', 'PHONE', 'NAME', 'LOCATION', 'IP', 'BODY'] as const)(
    'never answers a %s as it was',
    (kind) => {
      const values = [
        'emmalee.boyle@outlook.com',
        '+353 1 555 0142',
        'Emmalee Boyle',
        'E. B.',
        'Dublin',
        '86.44.2.9',
        '***42',
        '',
      ];
      for (const value of values) {
        for (const nullable of [true, false]) {
          expect(maskValue(kind, value, nullable)).not.toBe(value);
        }
      }
    },
  );
});

describe('describeMask', () => {
  it('says the value is personal data and how a masking caller sees it', () => {
    expect(describeMask('EMAIL', true)).toBe(
      'Personal data (EMAIL): for callers with `pii: mask`, only its domain shows, as `***@example.com`; otherwise it is null.',
    );
    expect(describeMask('CUSTOM_ATTRIBUTES', false)).toBe(
      'Personal data (CUSTOM_ATTRIBUTES): for callers with `pii: mask`, it is `{}`.',
    );
  });
});
