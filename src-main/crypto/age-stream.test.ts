// End-to-end behaviour of the age streams: round trips at chunk-boundary sizes, and every way a
// backup can be damaged, cut short or opened with the wrong key failing with the right code.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildHeader, parseHeader, wrapX25519 } from './age-header';
import { generateIdentity, recipientPublicKey } from './age-keys';
import { CHUNK_SIZE, ChunkNonce, ENCRYPTED_CHUNK_SIZE, payloadKey, sealChunkInto } from './age-payload';
import { createDecryptStream, createEncryptStream, decryptBuffer, encryptBuffer, readAgeRecipientsInfo } from './age-stream';
import {
  KAT_CIPHERTEXT,
  KAT_PLAINTEXT,
  KEYGEN_IDENTITY,
  patterned,
  rejectsWith,
  runPieces,
  split,
  throwsWith,
} from './fixtures/age-test-helpers';

const alice = generateIdentity();
const bob = generateIdentity();
const carol = generateIdentity();
const mallory = generateIdentity();
const PASSPHRASE = 'tide-lantern-oak-harbor';
const SECRETS = [alice.identity, bob.identity, carol.identity, mallory.identity, PASSPHRASE];
const FAST = { passphrase: PASSPHRASE, workFactor: 10 } as const;

/** Size of an age file for `n` plaintext bytes, given its header length. */
function expectedSize(headerLength: number, n: number): number {
  const chunks = Math.max(1, Math.ceil(n / CHUNK_SIZE));
  return headerLength + 16 + n + chunks * 16;
}

/** Offset of the payload nonce (= header length). */
function payloadStart(file: Buffer): number {
  return parseHeader(file)!.length;
}

function flipByte(buf: Buffer, offset: number): Buffer {
  const copy = Buffer.from(buf);
  copy[offset]! ^= 0x01;
  return copy;
}

/** Hand-assembled files with a chosen chunk layout, for cases our encryptor never produces. */
function craft(recipient: string, chunks: Array<{ plaintext: Buffer; last: boolean }>): Buffer {
  const fileKey = crypto.randomBytes(16);
  const header = buildHeader([wrapX25519(fileKey, recipientPublicKey(recipient))], fileKey);
  const nonceBytes = crypto.randomBytes(16);
  const key = payloadKey(fileKey, nonceBytes);
  const nonce = new ChunkNonce();
  const parts = [header, nonceBytes];
  for (const chunk of chunks) {
    const out = Buffer.alloc(chunk.plaintext.length + 16);
    sealChunkInto(key, nonce.prepare(chunk.last), chunk.plaintext, out, 0);
    nonce.advance();
    parts.push(out);
  }
  return Buffer.concat(parts);
}

describe('age stream round trips', () => {
  const sizes = [0, 1, 65535, 65536, 65537, 3 * 65536, 3 * 1024 * 1024 + 123];
  for (const size of sizes) {
    it(`round-trips ${size} bytes for one and three recipients`, async () => {
      const plaintext = patterned(size, size + 1);
      const one = await encryptBuffer(plaintext, { recipients: [alice.recipient] });
      expect(one.length).toBe(expectedSize(payloadStart(one), size));
      expect((await decryptBuffer(one, { identities: [alice.identity] })).equals(plaintext)).toBe(true);

      const three = await encryptBuffer(plaintext, { recipients: [alice.recipient, bob.recipient, carol.recipient] });
      expect(readAgeRecipientsInfo(three)).toEqual(['X25519', 'X25519', 'X25519']);
      for (const who of [alice, bob, carol]) {
        expect((await decryptBuffer(three, { identities: [mallory.identity, who.identity] })).equals(plaintext)).toBe(true);
      }
    });
  }

  for (const size of [0, 65536, 65537, 3 * 65536]) {
    it(`round-trips ${size} bytes with a passphrase`, async () => {
      const plaintext = patterned(size, 7);
      const file = await encryptBuffer(plaintext, FAST);
      expect(readAgeRecipientsInfo(file)).toEqual(['scrypt']);
      expect(file.toString('latin1', 0, 60)).toMatch(/^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} 10\n/);
      expect(file.length).toBe(expectedSize(payloadStart(file), size));
      expect((await decryptBuffer(file, { passphrase: PASSPHRASE })).equals(plaintext)).toBe(true);
    });
  }

  it('uses work factor 18 by default and decrypts it', async () => {
    const file = await encryptBuffer(Buffer.from('default'), { passphrase: PASSPHRASE });
    expect(parseHeader(file)!.stanzas[0]!.args[1]).toBe('18');
    expect((await decryptBuffer(file, { passphrase: PASSPHRASE })).toString()).toBe('default');
  });

  it('decrypts a known-answer file made by the age CLI', async () => {
    expect((await decryptBuffer(KAT_CIPHERTEXT, { identities: [KEYGEN_IDENTITY] })).toString()).toBe(KAT_PLAINTEXT);
  });

  it('accepts a whole key file as one identities entry', async () => {
    const file = await encryptBuffer(Buffer.from('x'), { recipients: [bob.recipient] });
    const keyFile = `# created: now\n# public key: ${alice.recipient}\n${alice.identity}\n${bob.identity}\n`;
    expect((await decryptBuffer(file, { identities: [keyFile] })).toString()).toBe('x');
  });

  it('handles any input piece sizes, including a header split byte by byte', async () => {
    const plaintext = patterned(200_000, 3);
    const sealed = await runPieces(createEncryptStream({ recipients: [alice.recipient] }), split(plaintext, [1, 7, 65536, 3, 100_000, 65535]));
    expect(sealed.error).toBeUndefined();
    const ciphertext = sealed.output;
    expect(ciphertext.length).toBe(expectedSize(payloadStart(ciphertext), plaintext.length));
    const start = payloadStart(ciphertext);
    const pieces = [...split(ciphertext.subarray(0, start + 20), [1]), ...split(ciphertext.subarray(start + 20), [65552, 5, 70_000, 1, 4096])];
    const opened = await runPieces(createDecryptStream({ identities: [alice.identity] }), pieces);
    expect(opened.error).toBeUndefined();
    expect(opened.output.equals(plaintext)).toBe(true);
  });

  it('produces different ciphertext each time (fresh file key and nonce)', async () => {
    const a = await encryptBuffer(Buffer.from('same'), { recipients: [alice.recipient] });
    const b = await encryptBuffer(Buffer.from('same'), { recipients: [alice.recipient] });
    expect(a.equals(b)).toBe(false);
  });
});

describe('age stream option validation', () => {
  it('refuses bad encryption options with KEY_INVALID or BAD_INPUT at creation', () => {
    throwsWith(() => createEncryptStream({ recipients: [] }), 'KEY_INVALID');
    const e = throwsWith(() => createEncryptStream({ recipients: [alice.recipient, 'age1nope'] }), 'KEY_INVALID');
    expect(e.message).toMatch(/^Public key #2/);
    throwsWith(() => createEncryptStream({ recipients: [alice.identity] }), 'KEY_INVALID', SECRETS);
    throwsWith(() => createEncryptStream({ passphrase: '' }), 'KEY_INVALID');
    throwsWith(() => createEncryptStream({ passphrase: PASSPHRASE, workFactor: 23 }), 'BAD_INPUT', SECRETS);
    throwsWith(() => createEncryptStream({ passphrase: PASSPHRASE, workFactor: 0 }), 'BAD_INPUT', SECRETS);
    throwsWith(() => createEncryptStream({ passphrase: PASSPHRASE, workFactor: 10.5 }), 'BAD_INPUT', SECRETS);
    throwsWith(() => createEncryptStream({ recipients: [alice.recipient], passphrase: PASSPHRASE } as never), 'BAD_INPUT', SECRETS);
  });

  it('refuses bad decryption keys with KEY_INVALID at creation', () => {
    throwsWith(() => createDecryptStream({ identities: [alice.recipient] }), 'KEY_INVALID');
    const broken = `${alice.identity.slice(0, -1)}${alice.identity.endsWith('Q') ? 'P' : 'Q'}`;
    throwsWith(() => createDecryptStream({ identities: [broken] }), 'KEY_INVALID', [broken, alice.identity]);
    throwsWith(() => createDecryptStream({ passphrase: '' }), 'KEY_INVALID');
  });
});

describe('age stream key errors', () => {
  it('says DECRYPT_WRONG_KEY for an identity that is not a recipient', async () => {
    const file = await encryptBuffer(Buffer.from('secret'), { recipients: [alice.recipient, bob.recipient] });
    const e = await rejectsWith(decryptBuffer(file, { identities: [mallory.identity, carol.identity] }), 'DECRYPT_WRONG_KEY', SECRETS);
    expect(e.message).toContain('None of the 2 secret keys given matches this backup, which is encrypted to 2 public keys (X25519).');
  });

  it('says DECRYPT_WRONG_KEY for a wrong passphrase', async () => {
    const file = await encryptBuffer(Buffer.from('secret'), FAST);
    const e = await rejectsWith(decryptBuffer(file, { passphrase: `${PASSPHRASE}!` }), 'DECRYPT_WRONG_KEY', [...SECRETS, `${PASSPHRASE}!`]);
    expect(e.message).toBe('The passphrase does not open this backup.');
  });

  it('says DECRYPT_NO_KEY, naming what is needed, when no key of the right kind is given', async () => {
    const x = await encryptBuffer(Buffer.from('secret'), { recipients: [alice.recipient, bob.recipient] });
    const none = await rejectsWith(decryptBuffer(x, {}), 'DECRYPT_NO_KEY');
    expect(none.message).toBe('This backup is encrypted to 2 public keys (X25519), and no secret key was given.');
    expect(none.details).toEqual({ needs: 'identity', recipients: '2 public keys (X25519)' });
    const pw = await rejectsWith(decryptBuffer(x, { passphrase: PASSPHRASE }), 'DECRYPT_NO_KEY', SECRETS);
    expect(pw.message).toMatch(/no secret key was given\. A passphrase was given, but this backup does not use one\.$/);

    const s = await encryptBuffer(Buffer.from('secret'), FAST);
    const needsPw = await rejectsWith(decryptBuffer(s, { identities: [alice.identity] }), 'DECRYPT_NO_KEY', SECRETS);
    expect(needsPw.message).toMatch(/^This backup is protected by a passphrase, and no passphrase was given\./);
    expect(needsPw.details?.needs).toBe('passphrase');
  });

  it('says DECRYPT_NO_KEY for recipient types Lifeboat cannot open', async () => {
    const fileKey = crypto.randomBytes(16);
    const header = buildHeader([{ type: 'piv-p256', args: ['abc'], body: Buffer.alloc(32) }], fileKey);
    const file = Buffer.concat([header, Buffer.alloc(16 + 16)]);
    expect(readAgeRecipientsInfo(file)).toEqual(['piv-p256']);
    const e = await rejectsWith(decryptBuffer(file, { identities: [alice.identity] }), 'DECRYPT_NO_KEY');
    expect(e.message).toContain("1 recipient of type 'piv-p256'");
  });

  it('refuses scrypt work factors above 22 without computing them', async () => {
    const file = await encryptBuffer(Buffer.from('secret'), FAST);
    const start = payloadStart(file);
    const text = file.toString('latin1', 0, start).replace(/ 10\n/, ' 23\n');
    const forged = Buffer.concat([Buffer.from(text, 'latin1'), file.subarray(start)]);
    const began = Date.now();
    const e = await rejectsWith(decryptBuffer(forged, { passphrase: PASSPHRASE }), 'DECRYPT_CORRUPT', SECRETS);
    expect(e.message).toMatch(/work factor of 2\^23/);
    expect(e.details).toEqual({ workFactor: 23 });
    expect(Date.now() - began).toBeLessThan(2000);
  });
});

describe('age stream damage detection', () => {
  const plaintext = patterned(3 * 65536 + 100, 11);
  const filePromise = encryptBuffer(plaintext, { recipients: [alice.recipient] });
  const open = (file: Buffer) => decryptBuffer(file, { identities: [alice.identity] });

  /** A 'data' listener sees every push, unlike a pipeline, which drops buffered output on error. */
  async function decryptSeeingEverything(pieces: Buffer[]): Promise<{ output: Buffer; error: unknown }> {
    const stream = createDecryptStream({ identities: [alice.identity] });
    const seen: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => seen.push(chunk));
    const ended = new Promise<unknown>((resolve) => {
      stream.on('error', resolve);
      stream.on('end', () => resolve(undefined));
    });
    for (const piece of pieces) stream.write(piece);
    stream.end();
    const error = await ended;
    return { output: Buffer.concat(seen), error };
  }

  it('rejects non-age input as NOT_A_BACKUP', async () => {
    await rejectsWith(open(Buffer.alloc(0)), 'NOT_A_BACKUP');
    await rejectsWith(open(Buffer.from('PGDMP custom dump')), 'NOT_A_BACKUP');
    await rejectsWith(open(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00])), 'NOT_A_BACKUP'); // zstd magic
    await rejectsWith(open(crypto.randomBytes(100_000)), 'NOT_A_BACKUP');
    await rejectsWith(open(Buffer.from('age-encr')), 'NOT_A_BACKUP');
    const file = await filePromise;
    await rejectsWith(open(flipByte(file, 4)), 'NOT_A_BACKUP');
    expect(() => readAgeRecipientsInfo(Buffer.from('hello'))).toThrow(/does not start with the age encryption header/);
  });

  it('detects a flipped header MAC', async () => {
    const file = await filePromise;
    const macAt = file.indexOf('--- ') + 4;
    const changed = Buffer.from(file);
    changed[macAt] = changed[macAt] === 0x41 ? 0x42 : 0x41;
    const e = await rejectsWith(open(changed), 'DECRYPT_CORRUPT');
    expect(e.message).toMatch(/MAC mismatch/);
  });

  it('treats a damaged stanza body as a key mismatch, and as corruption when another stanza opens', async () => {
    const file = await encryptBuffer(plaintext, { recipients: [alice.recipient, bob.recipient] });
    const bodyAt = file.indexOf('\n', file.indexOf('-> X25519')) + 1; // first stanza's body line
    const changed = Buffer.from(file);
    changed[bodyAt] = changed[bodyAt] === 0x41 ? 0x42 : 0x41;
    // The damaged stanza cannot be told apart from one made for someone else...
    await rejectsWith(decryptBuffer(changed, { identities: [alice.identity] }), 'DECRYPT_WRONG_KEY');
    // ...but when another stanza opens, the header MAC exposes the damage.
    await rejectsWith(decryptBuffer(changed, { identities: [bob.identity] }), 'DECRYPT_CORRUPT');
    // A byte that breaks the base64 itself is plain corruption.
    changed[bodyAt] = 0x2a;
    await rejectsWith(decryptBuffer(changed, { identities: [bob.identity] }), 'DECRYPT_CORRUPT');
  });

  it('detects a flipped payload nonce', async () => {
    const file = await filePromise;
    const e = await rejectsWith(open(flipByte(file, payloadStart(file) + 5)), 'DECRYPT_CORRUPT');
    expect(e.details).toEqual({ chunk: 0 });
  });

  it('detects a flipped byte in chunk 0 and emits nothing from it', async () => {
    const file = await filePromise;
    const result = await decryptSeeingEverything([flipByte(file, payloadStart(file) + 16 + 1000)]);
    const e = await rejectsWith(Promise.reject(result.error), 'DECRYPT_CORRUPT');
    expect(e.details).toEqual({ chunk: 0 });
    expect(result.output.length).toBe(0);
  });

  it('detects a flipped tag in chunk 2 after emitting only the verified chunks 0 and 1', async () => {
    const file = await filePromise;
    const tagOfChunk2 = payloadStart(file) + 16 + 3 * ENCRYPTED_CHUNK_SIZE - 3;
    const result = await decryptSeeingEverything(split(flipByte(file, tagOfChunk2), [65536]));
    const e = await rejectsWith(Promise.reject(result.error), 'DECRYPT_CORRUPT');
    expect(e.details).toEqual({ chunk: 2 });
    expect(result.output.equals(plaintext.subarray(0, 2 * 65536))).toBe(true);
  });

  it('detects a flipped byte in the last chunk', async () => {
    const file = await filePromise;
    const e = await rejectsWith(open(flipByte(file, file.length - 30)), 'DECRYPT_CORRUPT');
    expect(e.details).toEqual({ chunk: 3 });
  });

  it('detects truncation anywhere', async () => {
    const file = await filePromise;
    const start = payloadStart(file);
    const cuts: Array<[number, RegExp]> = [
      [30, /ends inside its encryption header/],
      [start - 1, /ends inside its encryption header/],
      [start, /ends right after its encryption header/],
      [start + 8, /ends right after its encryption header/],
      [start + 16, /ends right after its encryption header/],
      [start + 16 + 10, /ends in the middle of an encrypted chunk/],
      [start + 16 + 1000, /final encrypted chunk \(0\)/],
      [start + 16 + ENCRYPTED_CHUNK_SIZE, /ends before its final chunk/],
      [start + 16 + ENCRYPTED_CHUNK_SIZE + 5, /ends in the middle of an encrypted chunk/],
      [start + 16 + 3 * ENCRYPTED_CHUNK_SIZE, /ends before its final chunk/],
      [file.length - 1, /final encrypted chunk \(3\)/],
    ];
    for (const [length, message] of cuts) {
      const e = await rejectsWith(open(file.subarray(0, length)), 'DECRYPT_CORRUPT');
      expect(e.message, `cut at ${length}`).toMatch(message);
    }
  });

  it('detects trailing data after the last chunk', async () => {
    const file = await filePromise;
    for (const extra of [Buffer.from([0]), crypto.randomBytes(100), crypto.randomBytes(ENCRYPTED_CHUNK_SIZE + 1)]) {
      await rejectsWith(open(Buffer.concat([file, extra])), 'DECRYPT_CORRUPT');
    }
    // With a full-size final chunk the extra bytes are recognised as trailing data.
    const full = await encryptBuffer(patterned(2 * 65536), { recipients: [alice.recipient] });
    const e = await rejectsWith(open(Buffer.concat([full, Buffer.from('junk')])), 'DECRYPT_CORRUPT');
    expect(e.message).toMatch(/unexpected data after the end/);
  });

  it('rejects an empty final chunk after full chunks, and a last flag before the end', async () => {
    const full = patterned(65536);
    const emptyLast = craft(alice.recipient, [
      { plaintext: full, last: false },
      { plaintext: Buffer.alloc(0), last: true },
    ]);
    const e = await rejectsWith(open(emptyLast), 'DECRYPT_CORRUPT');
    expect(e.message).toMatch(/empty final chunk/);

    const earlyLast = craft(alice.recipient, [
      { plaintext: full, last: true },
      { plaintext: Buffer.from('more'), last: true },
    ]);
    expect((await rejectsWith(open(earlyLast), 'DECRYPT_CORRUPT')).message).toMatch(/unexpected data after the end/);

    const noLast = craft(alice.recipient, [{ plaintext: Buffer.from('tiny'), last: false }]);
    await rejectsWith(open(noLast), 'DECRYPT_CORRUPT');

    // The crafted layout itself is sound: the same chunks with correct flags decrypt.
    const good = craft(alice.recipient, [
      { plaintext: full, last: false },
      { plaintext: Buffer.from('tail'), last: true },
    ]);
    expect((await open(good)).equals(Buffer.concat([full, Buffer.from('tail')]))).toBe(true);
  });

  it('reads recipient kinds only from a complete header', () => {
    throwsWith(() => readAgeRecipientsInfo(Buffer.from('age-encryption.org/v1\n-> X25519 ')), 'DECRYPT_CORRUPT');
    throwsWith(() => readAgeRecipientsInfo(Buffer.alloc(0)), 'NOT_A_BACKUP');
  });
});
