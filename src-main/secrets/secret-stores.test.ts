import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvFileSecretStore, envNameFor } from './env-file-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('EnvFileSecretStore (headless servers)', () => {
  it('reads LIFEBOAT_SECRET_* variables', async () => {
    const store = new EnvFileSecretStore({ [envNameFor('destination/b2/secret-access-key')]: 'k3y' });
    expect(envNameFor('destination/b2/secret-access-key')).toBe('LIFEBOAT_SECRET_DESTINATION_B2_SECRET_ACCESS_KEY');
    expect(await store.get('destination/b2/secret-access-key')).toBe('k3y');
    expect(await store.get('job/x/database-password')).toBeUndefined();
  });

  it('reads a 0600 secrets file and refuses one others can read', async () => {
    const file = path.join(dir, 'secrets');
    writeFileSync(file, '# comment\njob/nightly/database-password=pa=ss\n', { mode: 0o600 });
    expect(await new EnvFileSecretStore({ LIFEBOAT_SECRETS_FILE: file }).get('job/nightly/database-password')).toBe('pa=ss');
    chmodSync(file, 0o644);
    expect(() => new EnvFileSecretStore({ LIFEBOAT_SECRETS_FILE: file })).toThrowError(/readable by other users.*/);
  });

  it('never writes: it says where the admin should put the secret', async () => {
    const store = new EnvFileSecretStore({});
    await expect(store.set('job/nightly/database-password', 'x')).rejects.toThrowError(/does not write secrets/);
    await expect(store.set('job/nightly/database-password', 'x')).rejects.toMatchObject({ fix: expect.stringContaining('LIFEBOAT_SECRET_JOB_NIGHTLY_DATABASE_PASSWORD') });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('KeychainSecretStore against a real Secret Service (gnome-keyring in a D-Bus session)', () => {
  it('saves, reads and deletes a secret; it is not stored in plain text', () => {
    const value = `b2-secret-${Math.random().toString(36).slice(2)}`;
    const home = path.join(dir, 'home');
    mkdirSync(home);
    const res = spawnSync(
      'dbus-run-session',
      ['--', 'bash', '-c', 'echo -n test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node --import tsx test/fixtures/keychain-roundtrip.ts'],
      { encoding: 'utf8', env: { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, '.local/share'), ROUNDTRIP_VALUE: value }, timeout: 30_000 },
    );
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout.trim())).toEqual({ before: null, matches: true, deleted: true, gone: null });
    for (const entry of readdirSync(home, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) expect(readFileSync(path.join(entry.parentPath, entry.name)).includes(value)).toBe(false);
    }
  });
});
