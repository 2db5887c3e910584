// Interoperability with the reference tools: the Go age CLI (via files, and via a pseudo-terminal
// for passphrases, since age only reads those from a TTY) and the age-encryption npm package.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { generateIdentity, parseIdentities, recipientFromIdentity } from './age-keys';
import { decryptBuffer, encryptBuffer, readAgeRecipientsInfo } from './age-stream';
import { patterned, rejectsWith } from './fixtures/age-test-helpers';

const AGE = '/usr/bin/age';
const AGE_KEYGEN = '/usr/bin/age-keygen';
const PASSPHRASE = 'quiet-river-7-lamp';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-age-interop-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileCounter = 0;
function tmp(name: string): string {
  return path.join(dir, `${fileCounter++}-${name}`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stderr: string } {
  const result = spawnSync(command, args, { shell: false, env, timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.error) throw result.error;
  return { status: result.status, stderr: result.stderr.toString() };
}

function runOk(command: string, args: string[], env?: NodeJS.ProcessEnv): void {
  const result = run(command, args, env);
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

/** Writes a key file the way age-keygen does, and returns its path. */
function keyFile(...identities: string[]): string {
  const file = tmp('key.txt');
  const text = identities.map((id) => `# created: 2026-01-01T00:00:00Z\n# public key: ${recipientFromIdentity(id)}\n${id}\n`).join('');
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

function ageEncrypt(plaintext: Buffer, recipients: string[]): Buffer {
  const input = tmp('plain');
  const output = tmp('cli.age');
  fs.writeFileSync(input, plaintext);
  runOk(AGE, [...recipients.flatMap((r) => ['-r', r]), '-o', output, input]);
  return fs.readFileSync(output);
}

function ageDecrypt(ciphertext: Buffer, identityFile: string): Buffer {
  const input = tmp('ours.age');
  const output = tmp('out');
  fs.writeFileSync(input, ciphertext);
  runOk(AGE, ['-d', '-i', identityFile, '-o', output, input]);
  // age opens -o lazily, on the first byte written, so an empty plaintext leaves no file.
  return fs.existsSync(output) ? fs.readFileSync(output) : Buffer.alloc(0);
}

/**
 * Runs a command on a fresh pseudo-terminal, answering each "Enter/Confirm passphrase" prompt
 * with $AGE_PASSPHRASE; exits with the command's status and relays what it printed to stderr.
 */
const PTY_DRIVER = String.raw`
import os, pty, re, select, sys
passphrase = os.environb[b'AGE_PASSPHRASE']
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
seen, answered = b'', 0
while True:
    ready, _, _ = select.select([fd], [], [], 60)
    if not ready:
        os.kill(pid, 9)
        break
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    seen += data
    prompts = len(re.findall(rb'(?:Enter|Confirm) passphrase', seen))
    while answered < prompts:
        os.write(fd, passphrase + b'\n')
        answered += 1
_, status = os.waitpid(pid, 0)
sys.stderr.buffer.write(seen)
sys.exit(os.waitstatus_to_exitcode(status))
`;

function onPty(args: string[], passphrase: string): { status: number | null; stderr: string } {
  return run('python3', ['-c', PTY_DRIVER, AGE, ...args], { ...process.env, AGE_PASSPHRASE: passphrase });
}

describe('interop with the age CLI', () => {
  it('age -d opens our X25519 files at chunk-boundary sizes', async () => {
    const me = generateIdentity();
    const keys = keyFile(me.identity);
    for (const size of [0, 1, 65536, 65537, 200_000]) {
      const plaintext = patterned(size, size + 5);
      const ours = await encryptBuffer(plaintext, { recipients: [me.recipient] });
      expect(ageDecrypt(ours, keys).equals(plaintext), `size ${size}`).toBe(true);
    }
  });

  it('we open files age -r made for our recipient', async () => {
    const me = generateIdentity();
    for (const size of [0, 65536, 3 * 65536 + 1]) {
      const plaintext = patterned(size, size + 9);
      const theirs = ageEncrypt(plaintext, [me.recipient]);
      expect(readAgeRecipientsInfo(theirs)).toEqual(['X25519']);
      expect((await decryptBuffer(theirs, { identities: [me.identity] })).equals(plaintext), `size ${size}`).toBe(true);
    }
  });

  it('parses an age-keygen identity file and decrypts with it', async () => {
    const file = tmp('keygen.txt');
    runOk(AGE_KEYGEN, ['-o', file]);
    const text = fs.readFileSync(file, 'utf8');
    const identities = parseIdentities(text);
    expect(identities).toHaveLength(1);
    const publicLine = /^# public key: (age1\S+)$/m.exec(text)?.[1];
    expect(recipientFromIdentity(identities[0]!)).toBe(publicLine);
    const derived = spawnSync(AGE_KEYGEN, ['-y', file], { shell: false }).stdout.toString().trim();
    expect(recipientFromIdentity(identities[0]!)).toBe(derived);

    const plaintext = patterned(70_000, 2);
    const theirs = ageEncrypt(plaintext, [derived]);
    expect((await decryptBuffer(theirs, { identities })).equals(plaintext)).toBe(true);
    const ours = await encryptBuffer(plaintext, { recipients: [derived] });
    expect(ageDecrypt(ours, file).equals(plaintext)).toBe(true);
  });

  it('handles multi-recipient files in both directions', async () => {
    const people = [generateIdentity(), generateIdentity(), generateIdentity()];
    const recipients = people.map((p) => p.recipient);
    const plaintext = patterned(150_000, 4);

    const ours = await encryptBuffer(plaintext, { recipients });
    for (const p of people) expect(ageDecrypt(ours, keyFile(p.identity)).equals(plaintext)).toBe(true);

    const theirs = ageEncrypt(plaintext, recipients);
    expect(readAgeRecipientsInfo(theirs)).toEqual(['X25519', 'X25519', 'X25519']);
    for (const p of people) expect((await decryptBuffer(theirs, { identities: [p.identity] })).equals(plaintext)).toBe(true);

    const outsider = generateIdentity();
    await rejectsWith(decryptBuffer(theirs, { identities: [outsider.identity] }), 'DECRYPT_WRONG_KEY');
    expect(run(AGE, ['-d', '-i', keyFile(outsider.identity), '-o', tmp('x'), writeTemp(ours)]).status).not.toBe(0);
  });

  it('age -d opens our passphrase files through a pseudo-terminal, and refuses a wrong passphrase', async () => {
    const plaintext = patterned(100_000, 6);
    const input = writeTemp(await encryptBuffer(plaintext, { passphrase: PASSPHRASE, workFactor: 10 }));
    const output = tmp('out');
    const ok = onPty(['-d', '-o', output, input], PASSPHRASE);
    expect(ok.status, ok.stderr).toBe(0);
    expect(fs.readFileSync(output).equals(plaintext)).toBe(true);

    const wrong = onPty(['-d', '-o', tmp('out'), input], `${PASSPHRASE}x`);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/incorrect passphrase/);
  });

  it('we open a file made by age -p (work factor 18) through a pseudo-terminal', async () => {
    const plaintext = patterned(70_000, 8);
    const input = writeTemp(plaintext);
    const output = tmp('cli-pw.age');
    const made = onPty(['-p', '-o', output, input], PASSPHRASE);
    expect(made.status, made.stderr).toBe(0);
    const theirs = fs.readFileSync(output);
    expect(readAgeRecipientsInfo(theirs)).toEqual(['scrypt']);
    expect(theirs.toString('latin1', 0, 80)).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S{22} 18\n/);
    expect((await decryptBuffer(theirs, { passphrase: PASSPHRASE })).equals(plaintext)).toBe(true);
    await rejectsWith(decryptBuffer(theirs, { passphrase: 'not it' }), 'DECRYPT_WRONG_KEY', [PASSPHRASE]);
  });
});

function writeTemp(data: Buffer): string {
  const file = tmp('data');
  fs.writeFileSync(file, data);
  return file;
}

describe('interop with the age-encryption npm package', () => {
  it('agrees on identity → recipient', async () => {
    const ours = generateIdentity();
    expect(await identityToRecipient(ours.identity)).toBe(ours.recipient);
    const theirs = await generateX25519Identity();
    expect(recipientFromIdentity(theirs)).toBe(await identityToRecipient(theirs));
  });

  it('X25519 files go both ways', async () => {
    const theirIdentity = await generateX25519Identity();
    const me = generateIdentity();
    const plaintext = patterned(140_000, 12);

    const e = new Encrypter();
    e.addRecipient(me.recipient);
    e.addRecipient(await identityToRecipient(theirIdentity));
    const theirs = Buffer.from(await e.encrypt(plaintext));
    expect((await decryptBuffer(theirs, { identities: [me.identity] })).equals(plaintext)).toBe(true);

    const ours = await encryptBuffer(plaintext, { recipients: [await identityToRecipient(theirIdentity)] });
    const d = new Decrypter();
    d.addIdentity(theirIdentity);
    expect(Buffer.from(await d.decrypt(ours)).equals(plaintext)).toBe(true);
  });

  it('scrypt files go both ways', async () => {
    const plaintext = patterned(65536, 13);
    const e = new Encrypter();
    e.setPassphrase(PASSPHRASE);
    e.setScryptWorkFactor(10);
    const theirs = Buffer.from(await e.encrypt(plaintext));
    expect((await decryptBuffer(theirs, { passphrase: PASSPHRASE })).equals(plaintext)).toBe(true);

    const ours = await encryptBuffer(plaintext, { passphrase: PASSPHRASE, workFactor: 10 });
    const d = new Decrypter();
    d.addPassphrase(PASSPHRASE);
    expect(Buffer.from(await d.decrypt(ours)).equals(plaintext)).toBe(true);
    const wrong = new Decrypter();
    wrong.addPassphrase('nope');
    await expect(wrong.decrypt(ours)).rejects.toThrow();
  });
});
