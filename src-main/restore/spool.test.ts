import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanupStaleSpools, createSpool, SPOOL_PREFIX } from './spool';

describe('restore spool (private temporary archive file)', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'spool-test-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('is a 0700 directory with a 0600 file, removed afterwards', async () => {
    const spool = await createSpool({ base });
    expect(path.basename(spool.dir).startsWith(SPOOL_PREFIX)).toBe(true);
    expect(statSync(spool.dir).mode & 0o777).toBe(0o700);
    await new Promise<void>((resolve, reject) => spool.open().end(Buffer.from('archive'), () => resolve()).on('error', reject));
    expect(statSync(spool.file).mode & 0o777).toBe(0o600);
    expect(statSync(spool.file).size).toBe(7);
    await spool.remove();
    expect(existsSync(spool.dir)).toBe(false);
  });

  it('refuses up front when the folder cannot hold the archive', async () => {
    await expect(createSpool({ base, neededBytes: Number.MAX_SAFE_INTEGER })).rejects.toThrow(/not enough free space/);
    expect(readdirSync(base)).toEqual([]);
  });

  it('removes folders whose process died, keeps those of live processes and foreign ones', async () => {
    const live = await createSpool({ base });
    const dead = path.join(base, `${SPOOL_PREFIX}dead`);
    mkdirSync(dead, { mode: 0o700 });
    const pid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(path.join(dead, 'owner'), JSON.stringify({ pid: Number(pid), host: os.hostname() }));
    const otherHost = path.join(base, `${SPOOL_PREFIX}elsewhere`);
    mkdirSync(otherHost);
    writeFileSync(path.join(otherHost, 'owner'), JSON.stringify({ pid: Number(pid), host: 'another-host' }));
    const ownerless = path.join(base, `${SPOOL_PREFIX}old`);
    mkdirSync(ownerless);
    const old = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(ownerless, old, old);
    mkdirSync(path.join(base, 'unrelated'));

    expect((await cleanupStaleSpools(base)).sort()).toEqual([dead, ownerless].sort());
    expect(readdirSync(base).sort()).toEqual([path.basename(live.dir), `${SPOOL_PREFIX}elsewhere`, 'unrelated'].sort());
    await live.remove();
  });
});
