// The header must serialize exactly as age does and parse only canonical encodings, because the
// MAC is computed over the raw bytes and any leniency would let two encodings share one MAC.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  b64DecodeStrict,
  buildHeader,
  parseHeader,
  unwrapScrypt,
  unwrapX25519,
  verifyHeaderMac,
  wrapScrypt,
  wrapX25519,
  type Stanza,
} from './age-header';
import { generateIdentity, parseIdentity, recipientPublicKey } from './age-keys';
import { KAT_CIPHERTEXT, KEYGEN_IDENTITY, throwsWith } from './fixtures/age-test-helpers';

const FILE_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

function header(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\n')}\n`, 'latin1');
}

/** A syntactically valid header around the given stanza lines; the MAC is a dummy. */
function withStanzaLines(lines: string[]): Buffer {
  return header(['age-encryption.org/v1', ...lines, `--- ${'A'.repeat(43)}`]);
}

describe('age header serialization', () => {
  it('wraps bodies at 64 columns and ends a 48-byte-multiple body with an empty line', () => {
    const stanzas: Stanza[] = [
      { type: 'test', args: ['a', 'b'], body: Buffer.alloc(48, 0xff) },
      { type: 'short', args: [], body: Buffer.from('hi') },
      { type: 'empty', args: [], body: Buffer.alloc(0) },
      { type: 'long', args: [], body: Buffer.alloc(50, 0) },
    ];
    const text = buildHeader(stanzas, FILE_KEY).toString('latin1');
    const lines = text.split('\n');
    expect(lines.slice(0, 12)).toEqual([
      'age-encryption.org/v1',
      '-> test a b',
      '/'.repeat(64),
      '',
      '-> short',
      'aGk',
      '-> empty',
      '',
      '-> long',
      'A'.repeat(64),
      'AAA',
      lines[11],
    ]);
    expect(lines[11]).toMatch(/^--- [A-Za-z0-9+/]{43}$/);
    expect(lines[12]).toBe('');
    expect(lines).toHaveLength(13);

    const parsed = parseHeader(Buffer.from(text, 'latin1'))!;
    expect(parsed.stanzas.map((s) => [s.type, s.args, s.body.toString('hex')])).toEqual(
      stanzas.map((s) => [s.type, s.args, s.body.toString('hex')]),
    );
    expect(parsed.length).toBe(text.length);
    expect(parsed.macInput.toString('latin1')).toBe(text.slice(0, text.lastIndexOf('---') + 3));
    expect(verifyHeaderMac(parsed, FILE_KEY)).toBe(true);
    expect(verifyHeaderMac(parsed, Buffer.alloc(16))).toBe(false);
  });

  it('computes the MAC exactly as age does (HMAC-SHA256 under HKDF(fileKey, "header"))', () => {
    const stanzas: Stanza[] = [{ type: 'x', args: [], body: Buffer.alloc(0) }];
    const text = buildHeader(stanzas, FILE_KEY).toString('latin1');
    const macKey = Buffer.from(crypto.hkdfSync('sha256', FILE_KEY, Buffer.alloc(0), 'header', 32));
    const expected = crypto.createHmac('sha256', macKey).update('age-encryption.org/v1\n-> x\n\n---').digest('base64').replace(/=+$/, '');
    expect(text).toBe(`age-encryption.org/v1\n-> x\n\n--- ${expected}\n`);
  });
});

describe('age header parsing', () => {
  it('parses the header of a file made by the age CLI', () => {
    const parsed = parseHeader(KAT_CIPHERTEXT)!;
    expect(parsed.stanzas).toHaveLength(1);
    expect(parsed.stanzas[0]!.type).toBe('X25519');
    expect(parsed.stanzas[0]!.args[0]).toBe('X56QDdsHekcOPN+JYJUmvgNL77yqMuKvBkFkpBzbxFM');
    expect(parsed.length).toBe(KAT_CIPHERTEXT.indexOf('\n', KAT_CIPHERTEXT.indexOf('---')) + 1);
    expect(unwrapX25519(parsed.stanzas[0]!, parseIdentity(KEYGEN_IDENTITY))).toHaveLength(16);
  });

  it('asks for more bytes at every prefix of a valid header, then parses it', () => {
    const full = KAT_CIPHERTEXT.subarray(0, parseHeader(KAT_CIPHERTEXT)!.length);
    for (let n = 0; n < full.length; n++) expect(parseHeader(full.subarray(0, n))).toBeNull();
    expect(parseHeader(full)?.length).toBe(full.length);
  });

  it('says NOT_A_BACKUP as soon as the start differs from the age intro', () => {
    throwsWith(() => parseHeader(Buffer.from('PGDMP\x01\x0e')), 'NOT_A_BACKUP');
    throwsWith(() => parseHeader(Buffer.from('age-encryption.org/v2\n')), 'NOT_A_BACKUP');
    throwsWith(() => parseHeader(Buffer.from('x')), 'NOT_A_BACKUP');
    const armored = throwsWith(() => parseHeader(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\n')), 'NOT_A_BACKUP');
    expect(armored.message).toMatch(/armored/);
    expect(parseHeader(Buffer.from('age-enc'))).toBeNull();
  });

  const share = 'X56QDdsHekcOPN+JYJUmvgNL77yqMuKvBkFkpBzbxFM';
  const body32 = 'NSQRuawiL0lMvfG2eDtMxrllzNm7/xrmsilOPBpybVk';
  const cases: Array<[string, string[]]> = [
    ['no stanzas', []],
    ['a line that is not a stanza', ['X25519 abc', body32]],
    ['a stanza with no type', ['->', body32]],
    ['a double space between arguments', [`-> X25519  ${share}`, body32]],
    ['a trailing space', [`-> X25519 ${share} `, body32]],
    ['a non-ASCII argument', [`-> X25519 caf\xe9`, body32]],
    ['a body line longer than 64 columns', ['-> x', 'A'.repeat(68)]],
    ['a body of full lines without a short final line', ['-> x', 'A'.repeat(64)]],
    ['a non-canonical base64 body (non-zero trailing bits)', ['-> x', 'AB']],
    ['a padded base64 body', ['-> x', 'AA==']],
    ['a CR before the newline', ['-> x', 'AAAA\r']],
    ['an X25519 stanza with two arguments', [`-> X25519 ${share} ${share}`, body32]],
    ['an X25519 share of the wrong length', [`-> X25519 ${share.slice(0, 40)}`, body32]],
    ['an X25519 body of the wrong length', [`-> X25519 ${share}`, body32.slice(0, 40)]],
    ['an scrypt work factor with a leading zero', ['-> scrypt AAAAAAAAAAAAAAAAAAAAAA 010', body32]],
    ['an scrypt salt of the wrong length', ['-> scrypt AAAAAAAAAAAAAAAAAAAA 10', body32]],
    ['an scrypt stanza beside another stanza', ['-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10', body32, `-> X25519 ${share}`, body32]],
  ];
  for (const [name, lines] of cases) {
    it(`rejects a header with ${name} as DECRYPT_CORRUPT`, () => {
      throwsWith(() => parseHeader(withStanzaLines(lines)), 'DECRYPT_CORRUPT');
    });
  }

  it('rejects malformed MAC lines as DECRYPT_CORRUPT', () => {
    const stanza = ['-> x', ''];
    for (const footer of ['---', '--- ', `---  ${'A'.repeat(43)}`, `--- ${'A'.repeat(42)}`, `--- ${'A'.repeat(44)}`, `---x ${'A'.repeat(43)}`, `--- ${'A'.repeat(43)} x`]) {
      throwsWith(() => parseHeader(header(['age-encryption.org/v1', ...stanza, footer])), 'DECRYPT_CORRUPT');
    }
    expect(parseHeader(header(['age-encryption.org/v1', ...stanza, `--- ${'A'.repeat(43)}`]))).not.toBeNull();
  });

  it('accepts unknown stanza types (other age plugins) untouched', () => {
    const parsed = parseHeader(withStanzaLines(['-> piv-p256 abc +/=', 'AAAA', `-> X25519 ${share}`, body32]))!;
    expect(parsed.stanzas.map((s) => s.type)).toEqual(['piv-p256', 'X25519']);
    expect(parsed.stanzas[0]!.args).toEqual(['abc', '+/=']);
    expect(parsed.stanzas[0]!.body.toString('hex')).toBe('000000');
  });

  it('only accepts canonical base64', () => {
    expect(b64DecodeStrict('AAAA')?.toString('hex')).toBe('000000');
    expect(b64DecodeStrict('AA')?.toString('hex')).toBe('00');
    expect(b64DecodeStrict('AB')).toBeNull();
    expect(b64DecodeStrict('A')).toBeNull();
    expect(b64DecodeStrict('AA A')).toBeNull();
    expect(b64DecodeStrict('AA-_')).toBeNull();
  });
});

describe('age stanzas', () => {
  it('wraps and unwraps the file key for X25519, and only for the right identity', () => {
    const a = generateIdentity();
    const b = generateIdentity();
    const stanza = wrapX25519(FILE_KEY, recipientPublicKey(a.recipient));
    expect(stanza.type).toBe('X25519');
    expect(stanza.args).toHaveLength(1);
    expect(b64DecodeStrict(stanza.args[0]!)).toHaveLength(32);
    expect(stanza.body).toHaveLength(32);
    expect(unwrapX25519(stanza, parseIdentity(a.identity))?.toString('hex')).toBe(FILE_KEY.toString('hex'));
    expect(unwrapX25519(stanza, parseIdentity(b.identity))).toBeNull();
    const flipped = { ...stanza, body: Buffer.from(stanza.body) };
    flipped.body[3]! ^= 1;
    expect(unwrapX25519(flipped, parseIdentity(a.identity))).toBeNull();
  });

  it('rejects a low-order ephemeral share as DECRYPT_CORRUPT', () => {
    const stanza: Stanza = { type: 'X25519', args: ['A'.repeat(43)], body: Buffer.alloc(32) };
    throwsWith(() => unwrapX25519(stanza, parseIdentity(KEYGEN_IDENTITY)), 'DECRYPT_CORRUPT');
  });

  it('refuses to encrypt to a low-order recipient point', () => {
    throwsWith(() => wrapX25519(FILE_KEY, recipientPublicKey('age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z')), 'KEY_INVALID');
  });

  it('wraps and unwraps with scrypt, matching the spec derivation', async () => {
    const stanza = await wrapScrypt(FILE_KEY, 'correct horse', 10);
    expect(stanza.type).toBe('scrypt');
    expect(stanza.args[1]).toBe('10');
    const salt = b64DecodeStrict(stanza.args[0]!)!;
    expect(salt).toHaveLength(16);
    const key = crypto.scryptSync('correct horse', Buffer.concat([Buffer.from('age-encryption.org/v1/scrypt'), salt]), 32, { N: 1024, r: 8, p: 1 });
    const decipher = crypto.createDecipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
    decipher.setAuthTag(stanza.body.subarray(16));
    expect(Buffer.concat([decipher.update(stanza.body.subarray(0, 16)), decipher.final()]).toString('hex')).toBe(FILE_KEY.toString('hex'));
    expect((await unwrapScrypt(stanza, 'correct horse'))?.toString('hex')).toBe(FILE_KEY.toString('hex'));
    expect(await unwrapScrypt(stanza, 'correct horsE')).toBeNull();
  });
});
