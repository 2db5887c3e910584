import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeReadOnly } from '../../test/helpers/read-only-folder';
import { FolderDestination } from './folder-destination';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-folder-'));
});
afterEach(() => {
  chmodSync(root, 0o755);
  rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('FolderDestination', () => {
  it('shows nothing under the final name until commit', async () => {
    const dest = new FolderDestination(root);
    const writer = await dest.createWriter('job/db/2026/01/x.dump.zst.age');
    writer.stream.write(Buffer.alloc(1000, 7));
    await new Promise((r) => setTimeout(r, 20));
    expect(filesUnder(root)).toEqual(['job/db/2026/01/x.dump.zst.age.partial']);
    expect(await dest.stat('job/db/2026/01/x.dump.zst.age')).toBeUndefined();
    await writer.commit();
    expect(filesUnder(root)).toEqual(['job/db/2026/01/x.dump.zst.age']);
    expect(readFileSync(path.join(root, 'job/db/2026/01/x.dump.zst.age'))).toEqual(Buffer.alloc(1000, 7));
  });

  it('abort removes the partial file', async () => {
    const dest = new FolderDestination(root);
    const writer = await dest.createWriter('a/b.bin');
    writer.stream.write(Buffer.from('half'));
    await writer.abort();
    expect(filesUnder(root)).toEqual([]);
  });

  it('abort right after opening leaves nothing, even though the file opens asynchronously', async () => {
    const dest = new FolderDestination(root);
    for (let i = 0; i < 20; i++) await (await dest.createWriter(`race/${i}.bin`)).abort();
    expect(filesUnder(root)).toEqual([]);
  });

  it('lists, reads and removes objects, skipping partial files', async () => {
    const dest = new FolderDestination(root);
    await dest.writeSmall('p/one.json', Buffer.from('{"a":1}'));
    const pending = await dest.createWriter('p/two.json');
    pending.stream.write('x');
    const listed: string[] = [];
    for await (const o of dest.list('p')) listed.push(`${o.key}:${o.size}`);
    expect(listed).toEqual(['p/one.json:7']);
    const chunks: Buffer[] = [];
    for await (const c of await dest.read('p/one.json')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('{"a":1}');
    await dest.remove('p/one.json');
    expect(await dest.stat('p/one.json')).toBeUndefined();
    await pending.abort();
  });

  it('says "not mounted / missing" for a missing root and never creates it', async () => {
    const missing = path.join(root, 'nas-share');
    const dest = new FolderDestination(missing);
    await expect(dest.preflight(0)).rejects.toMatchObject({ code: 'DEST_NOT_FOUND' });
    await expect(dest.createWriter('a/b')).rejects.toMatchObject({ code: 'DEST_NOT_FOUND' });
    expect(existsSync(missing)).toBe(false);
  });

  it('says "not writable" for a read-only folder', async () => {
    const undo = makeReadOnly(root);
    try {
      await expect(new FolderDestination(root).preflight(0)).rejects.toMatchObject({ code: 'DEST_NOT_WRITABLE' });
      await expect(new FolderDestination(root).createWriter('a/b')).rejects.toMatchObject({ code: 'DEST_NOT_WRITABLE' });
    } finally {
      undo();
    }
  });

  it('says "full" when the estimate does not fit', async () => {
    await expect(new FolderDestination(root).preflight(Number.MAX_SAFE_INTEGER / 2)).rejects.toMatchObject({ code: 'DEST_FULL' });
  });

  it('waits for a share that mounts late (after wake), up to the configured time', async () => {
    const late = path.join(root, 'late-share');
    setTimeout(() => mkdirSync(late), 300);
    await new FolderDestination(late, { mountWaitMs: 5000 }).preflight(0);
    const never = path.join(root, 'never');
    const started = Date.now();
    await expect(new FolderDestination(never, { mountWaitMs: 400 }).preflight(0)).rejects.toMatchObject({ code: 'DEST_NOT_FOUND' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('rejects keys that escape the root', () => {
    expect(() => new FolderDestination(root).pathOf('../x')).toThrowError(/Invalid object key/);
    mkdirSync(path.join(root, 'ok'));
  });
});
