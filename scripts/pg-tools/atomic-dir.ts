// Replaces a folder as a whole: the new content is built in a temp folder beside the target
// (same file system, so rename is atomic) and swapped in; a failure leaves the old one intact.
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export async function replaceDirAtomically<T>(target: string, build: (tempDir: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(path.resolve(target));
  await mkdir(parent, { recursive: true });
  const temp = mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  let result: T;
  try {
    result = await build(temp);
    // mkdtemp makes it private (0700); installed for all users, the app must be able to read it.
    chmodSync(temp, 0o755);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  // rename() cannot replace a non-empty folder: move the old one aside first, drop it after.
  const old = existsSync(target) ? `${temp.replace('.tmp-', '.old-')}` : undefined;
  if (old) renameSync(target, old);
  try {
    renameSync(temp, target);
  } catch (error) {
    if (old) renameSync(old, target);
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  if (old) rmSync(old, { recursive: true, force: true });
  return result;
}
