// Key strings must match age-keygen byte for byte, and bad keys must fail as KEY_INVALID
// without ever echoing the (possibly secret) input.
import { describe, expect, it } from 'vitest';
import {
  generateIdentity,
  isIdentity,
  isRecipient,
  parseIdentities,
  parseIdentity,
  parseRecipient,
  recipientFromIdentity,
} from './age-keys';
import { KEYGEN_IDENTITY, KEYGEN_RECIPIENT, throwsWith } from './fixtures/age-test-helpers';

describe('age keys', () => {
  it('derives the same recipient as age-keygen for a known identity', () => {
    expect(recipientFromIdentity(KEYGEN_IDENTITY)).toBe(KEYGEN_RECIPIENT);
    expect(parseRecipient(KEYGEN_RECIPIENT).toString('hex')).toBe(parseIdentity(KEYGEN_IDENTITY).publicKey.toString('hex'));
    expect(parseRecipient(KEYGEN_RECIPIENT)).toHaveLength(32);
  });

  it('generates identities in age-keygen form whose recipient matches', () => {
    const a = generateIdentity();
    const b = generateIdentity();
    expect(a.identity).toMatch(/^AGE-SECRET-KEY-1[02-9ACDEFGHJKLMNPQRSTUVWXYZ]{58}$/);
    expect(a.recipient).toMatch(/^age1[02-9acdefghjklmnpqrstuvwxyz]{58}$/);
    expect(recipientFromIdentity(a.identity)).toBe(a.recipient);
    expect(a.identity).not.toBe(b.identity);
    expect(isIdentity(a.identity) && isRecipient(a.recipient)).toBe(true);
  });

  it('tells identities and recipients apart', () => {
    expect(isRecipient(KEYGEN_RECIPIENT)).toBe(true);
    expect(isRecipient(KEYGEN_IDENTITY)).toBe(false);
    expect(isIdentity(KEYGEN_IDENTITY)).toBe(true);
    expect(isIdentity(KEYGEN_RECIPIENT)).toBe(false);
    expect(isRecipient(` ${KEYGEN_RECIPIENT}\n`)).toBe(true);
    expect(isRecipient('')).toBe(false);
    expect(isIdentity('')).toBe(false);
  });

  it('rejects damaged, mixed-case and swapped keys with KEY_INVALID', () => {
    const typo = KEYGEN_RECIPIENT.slice(0, 20) + (KEYGEN_RECIPIENT[20] === 'q' ? 'p' : 'q') + KEYGEN_RECIPIENT.slice(21);
    expect(throwsWith(() => parseRecipient(typo), 'KEY_INVALID').message).toMatch(/checksum/);
    throwsWith(() => parseRecipient(KEYGEN_RECIPIENT.toUpperCase()), 'KEY_INVALID');
    throwsWith(() => parseRecipient(KEYGEN_RECIPIENT.slice(0, -1)), 'KEY_INVALID');
    throwsWith(() => parseRecipient('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI'), 'KEY_INVALID');
    const swapped = throwsWith(() => parseRecipient(KEYGEN_IDENTITY), 'KEY_INVALID', [KEYGEN_IDENTITY, KEYGEN_IDENTITY.slice(16, 40)]);
    expect(swapped.message).toMatch(/secret key .* was given where a public key/);

    const lower = KEYGEN_IDENTITY.toLowerCase();
    throwsWith(() => parseIdentity(lower), 'KEY_INVALID', [lower]);
    const mixed = KEYGEN_IDENTITY.slice(0, 30) + KEYGEN_IDENTITY.slice(30).toLowerCase();
    expect(throwsWith(() => parseIdentity(mixed), 'KEY_INVALID', [mixed, KEYGEN_IDENTITY.slice(16, 30)]).message).toMatch(/mixes/);
    const broken = KEYGEN_IDENTITY.slice(0, -2) + 'QQ';
    throwsWith(() => parseIdentity(broken), 'KEY_INVALID', [broken, KEYGEN_IDENTITY.slice(16)]);
    throwsWith(() => parseIdentity(KEYGEN_RECIPIENT), 'KEY_INVALID');
  });

  it('parses identity files with comments, blank lines and CRLF endings', () => {
    const other = generateIdentity();
    const file = [
      '# created: 2026-11-22T00:59:08Z',
      `# public key: ${KEYGEN_RECIPIENT}`,
      KEYGEN_IDENTITY,
      '',
      '   ',
      `${other.identity}\r`,
      '',
    ].join('\n');
    expect(parseIdentities(file)).toEqual([KEYGEN_IDENTITY, other.identity]);
  });

  it('reports the bad line of an identity file without its content', () => {
    const leaked = KEYGEN_IDENTITY.slice(0, -1) + 'X';
    const e = throwsWith(() => parseIdentities(`# comment\n${KEYGEN_IDENTITY}\n${leaked}\n`), 'KEY_INVALID', [leaked, KEYGEN_IDENTITY]);
    expect(e.message).toMatch(/^Line 3 /);
    expect(e.details).toEqual({ line: 3 });
    throwsWith(() => parseIdentities('# only comments\n\n'), 'KEY_INVALID');
    throwsWith(() => parseIdentities(`# public key line only\n${KEYGEN_RECIPIENT}\n`), 'KEY_INVALID');
  });
});
