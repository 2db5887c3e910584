// The decoding chain against files made by the real tools: gzip, openssl enc, Python's Fernet,
// GnuPG. No database needed: the decoded payload must equal what went in.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPayload, sourceFromPath, type LegacyKeys } from './decode-chain';
import { detectFormat } from './detect';
import { parseFernetKey } from './fernet';
import { hintsFromFileName } from './names';

const SQL = `--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
CREATE TABLE public.t (id integer, memo text);
COPY public.t (id, memo) FROM stdin;
${Array.from({ length: 5000 }, (_, i) => `${i}\tline ${i} ${'x'.repeat(i % 50)}`).join('\n')}
\\.

--
-- PostgreSQL database dump complete
--
`;
const PASS = 'correct horse battery staple';
const hasPythonFernet = spawnSync('python3', ['-c', 'import cryptography.fernet'], { stdio: 'ignore' }).status === 0;

async function decode(file: string, keys: LegacyKeys = {}): Promise<{ text: string; layers: string[]; payload: string }> {
  const opened = await openPayload(await sourceFromPath(file), keys);
  const chunks: Buffer[] = [];
  const reading = (async () => {
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
  })();
  await Promise.all([opened.done, reading]);
  return { text: Buffer.concat(chunks).toString(), layers: opened.layers.map((l) => l.kind), payload: opened.payload };
}

describe('decoding legacy files made by the stock tools', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const sh = (script: string, env: Record<string, string> = {}) => execFileSync('bash', ['-o', 'pipefail', '-c', script], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let fernetKey = '';

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-import-unit-'));
    writeFileSync(file('plain.sql'), SQL);
    mkdirSync(file('empty-gnupg'), { mode: 0o700 });
    sh('gzip -9 -c plain.sql > plain.sql.gz');
    sh('openssl enc -aes-256-cbc -pbkdf2 -pass env:P -in plain.sql.gz -out plain.sql.gz.enc', { P: PASS });
    sh('openssl enc -aes-256-cbc -pass env:P -in plain.sql.gz -out legacy-kdf.sql.gz.enc 2>/dev/null', { P: PASS });
    sh('openssl enc -aes-256-cbc -pbkdf2 -a -pass env:P -in plain.sql -out armored.sql.enc', { P: PASS });
    sh('openssl enc -aes-256-cbc -pbkdf2 -pass env:P -in plain.sql -out plain.sql.enc', { P: PASS });
    sh('mkdir -m 700 gnupg && printf "%s\\n" "$P" | gpg --homedir gnupg --batch --pinentry-mode loopback --passphrase-fd 0 --symmetric -o plain.sql.gz.gpg plain.sql.gz', { P: PASS });
    sh("gpg --homedir gnupg --batch --passphrase '' --quick-gen-key 'Backups <backup@example.com>' future-default default never 2>/dev/null && gpg --homedir gnupg --batch --trust-model always -r backup@example.com -e -o to-key.sql.gz.gpg plain.sql.gz");
    if (hasPythonFernet) {
      fernetKey = sh(`python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).toString().trim();
      sh(`python3 -c "import sys; from cryptography.fernet import Fernet; sys.stdout.buffer.write(Fernet(sys.argv[1].encode()).encrypt(open('plain.sql.gz','rb').read()))" "$K" > plain.sql.gz.fernet.enc`, { K: fernetKey });
    }
  });
  afterAll(() => {
    for (const home of ['gnupg', 'empty-gnupg']) spawnSync('gpgconf', ['--homedir', file(home), '--kill', 'gpg-agent'], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('plain SQL and gzip', async () => {
    expect(await decode(file('plain.sql'))).toEqual({ text: SQL, layers: [], payload: 'sql' });
    expect(await decode(file('plain.sql.gz'))).toEqual({ text: SQL, layers: ['gzip'], payload: 'sql' });
  });

  it('openssl enc -pbkdf2, without -pbkdf2, and base64 (-a)', async () => {
    expect(await decode(file('plain.sql.gz.enc'), { passphrase: PASS })).toEqual({ text: SQL, layers: ['openssl-enc', 'gzip'], payload: 'sql' });
    expect(await decode(file('legacy-kdf.sql.gz.enc'), { passphrase: PASS })).toMatchObject({ text: SQL, layers: ['openssl-enc', 'gzip'] });
    expect(await decode(file('armored.sql.enc'), { passphrase: PASS })).toMatchObject({ text: SQL, layers: ['openssl-base64', 'openssl-enc'] });
    expect(await decode(file('plain.sql.enc'), { passphrase: PASS })).toMatchObject({ text: SQL, layers: ['openssl-enc'] });
  });

  it('openssl: a wrong passphrase fails at the start, a cut file at the end', async () => {
    await expect(decode(file('plain.sql.gz.enc'), { passphrase: 'wrong' })).rejects.toMatchObject({ code: 'DECRYPT_WRONG_KEY', message: expect.stringMatching(/passphrase does not open/) });
    await expect(decode(file('plain.sql.gz.enc'))).rejects.toMatchObject({ code: 'DECRYPT_NO_KEY' });
    const cut = file('cut.sql.enc');
    writeFileSync(cut, readFileSync(file('plain.sql.enc')).subarray(0, 16 + 16 * 300 + 5));
    await expect(decode(cut, { passphrase: PASS })).rejects.toMatchObject({ code: 'HASH_MISMATCH', message: expect.stringMatching(/truncated or damaged/) });
  });

  it('gpg --symmetric, with the passphrase on fd 3', async () => {
    expect(await decode(file('plain.sql.gz.gpg'), { passphrase: PASS })).toEqual({ text: SQL, layers: ['gpg', 'gzip'], payload: 'sql' });
    await expect(decode(file('plain.sql.gz.gpg'), { passphrase: 'wrong' })).rejects.toMatchObject({ code: 'DECRYPT_WRONG_KEY', message: expect.stringMatching(/passphrase does not open/) });
    await expect(decode(file('plain.sql.gz.gpg'))).rejects.toMatchObject({ code: 'DECRYPT_NO_KEY' });
  });

  it('gpg --encrypt to a key: the secret key comes from the keyring in GNUPGHOME', async () => {
    const before = process.env.GNUPGHOME;
    process.env.GNUPGHOME = file('gnupg');
    try {
      expect(await decode(file('to-key.sql.gz.gpg'))).toEqual({ text: SQL, layers: ['gpg', 'gzip'], payload: 'sql' });
      process.env.GNUPGHOME = file('empty-gnupg');
      await expect(decode(file('to-key.sql.gz.gpg'))).rejects.toMatchObject({ code: 'DECRYPT_NO_KEY', fix: expect.stringMatching(/gpg --import/) });
    } finally {
      if (before === undefined) delete process.env.GNUPGHOME;
      else process.env.GNUPGHOME = before;
    }
  });

  it.runIf(hasPythonFernet)('Fernet from Python cryptography: HMAC first, then decryption', async () => {
    expect(await decode(file('plain.sql.gz.fernet.enc'), { fernetKey })).toEqual({ text: SQL, layers: ['fernet', 'gzip'], payload: 'sql' });
    const otherKey = Buffer.alloc(32, 7).toString('base64url') + '=';
    await expect(decode(file('plain.sql.gz.fernet.enc'), { fernetKey: otherKey })).rejects.toMatchObject({ code: 'DECRYPT_WRONG_KEY', message: expect.stringMatching(/HMAC does not match/) });
    await expect(decode(file('plain.sql.gz.fernet.enc'))).rejects.toMatchObject({ code: 'DECRYPT_NO_KEY' });
    // One flipped character in the middle: the HMAC catches it before anything is decrypted.
    const token = readFileSync(file('plain.sql.gz.fernet.enc'), 'latin1');
    const at = Math.floor(token.length / 2);
    writeFileSync(file('flipped.enc'), token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1), 'latin1');
    await expect(decode(file('flipped.enc'), { fernetKey })).rejects.toMatchObject({ code: 'DECRYPT_WRONG_KEY' });
  });

  it('a truncated gzip fails as truncated', async () => {
    writeFileSync(file('cut.sql.gz'), readFileSync(file('plain.sql.gz')).subarray(0, 2000));
    await expect(decode(file('cut.sql.gz'))).rejects.toMatchObject({ code: 'HASH_MISMATCH', message: expect.stringMatching(/truncated: its gzip data stops before the end/) });
  });

  it('an unknown format names what was seen', async () => {
    writeFileSync(file('mystery.bin'), Buffer.from([0x13, 0x37, 0x00, 0xff, 0x42, 0x42, 0x01, 0x02]));
    await expect(decode(file('mystery.bin'))).rejects.toMatchObject({ code: 'NOT_A_BACKUP', message: expect.stringMatching(/not a format Lifeboat recognises: it holds bytes 13 37 00 ff 42 42 01 02/) });
    writeFileSync(file('empty.sql'), '');
    await expect(decode(file('empty.sql'))).rejects.toMatchObject({ code: 'NOT_A_BACKUP', message: expect.stringMatching(/is empty/) });
  });
});

describe('detectFormat', () => {
  it('recognises magic bytes, not names', () => {
    expect(detectFormat(Buffer.from([0x1f, 0x8b, 0x08, 0])).kind).toBe('gzip');
    expect(detectFormat(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])).kind).toBe('zstd');
    expect(detectFormat(Buffer.from('PGDMP\x01\x0e\x00')).kind).toBe('pg-custom');
    expect(detectFormat(Buffer.from('Salted__12345678')).kind).toBe('openssl-enc');
    expect(detectFormat(Buffer.from('gAAAAABrAlL6b44L_0OxFTk_dmaP6qqvu9oiFAcx')).kind).toBe('fernet');
    expect(detectFormat(Buffer.from('age-encryption.org/v1\n-> X25519 abc\n')).kind).toBe('age');
    expect(detectFormat(Buffer.from([0x8c, 0x0d, 0x04, 0x09, 0x03, 0x02])).kind).toBe('gpg');
    expect(detectFormat(Buffer.from([0xc3, 0x0d, 0x04, 0x09, 0x03, 0x02])).kind).toBe('gpg');
    expect(detectFormat(Buffer.from('SET client_encoding = 1;\n')).kind).toBe('sql');
    expect(detectFormat(Buffer.from('\ufeff-- a dump\nCREATE TABLE x();\n')).kind).toBe('sql');
    expect(detectFormat(Buffer.from('BZh91AY&SY')).role).toBe('unsupported');
    expect(detectFormat(Buffer.from('hello, world\n'))).toMatchObject({ role: 'unknown', seen: 'text starting with "hello, world"' });
    // A key file opened by mistake is named, never echoed: messages go to logs and the audit log.
    const identity = 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQ';
    const seen = (detectFormat(Buffer.from(`${identity}\n`)) as { seen: string }).seen;
    expect(seen).toBe('text starting with "…"');
    const fernet = 'x'.repeat(43) + '=';
    expect((detectFormat(Buffer.from(`ENCRYPTION_KEY=${fernet}\n`)) as { seen: string }).seen).not.toContain('xxxxxxxx');
  });

  it('parses Fernet keys', () => {
    expect(parseFernetKey(Buffer.alloc(32, 1).toString('base64url') + '=').signing).toEqual(Buffer.alloc(16, 1));
    expect(() => parseFernetKey('short')).toThrow(/32 bytes in URL-safe base64/);
  });
});

describe('hints from file names', () => {
  it('finds the database and the time in the runbooks’ names', () => {
    expect(hintsFromFileName('zakupai_20251027_030001.sql.gz')).toEqual({ database: 'zakupai', madeAt: new Date(2025, 9, 27, 3, 0, 1) });
    expect(hintsFromFileName('emiti_metrics_20240115_030000.sql.gz.enc')).toEqual({ database: 'emiti_metrics', madeAt: new Date(2024, 0, 15, 3, 0, 0) });
    expect(hintsFromFileName('backup-2025-01-15-01-00-00.sql.enc')).toEqual({ database: undefined, madeAt: new Date(2025, 0, 15, 1, 0, 0) });
    expect(hintsFromFileName('saasforge_latest.sql.gz.gpg')).toEqual({ database: 'saasforge', madeAt: undefined });
    expect(hintsFromFileName('moneyflow_backup_20241030_030000.sql.gz').database).toBe('moneyflow');
    expect(hintsFromFileName('g5-core.dump').database).toBe('g5-core');
  });
});
