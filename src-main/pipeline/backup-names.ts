// Names of a backup set's files and where they live in a destination:
// <job>/<db>/<YYYY>/<MM>/<db>_<YYYYMMDDTHHMMSSZ>_<id>.dump.zst.age (+ .globals.sql.zst.age, .manifest.json)
import { randomBytes } from 'node:crypto';

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 13 characters: a millisecond time prefix (sorts by creation) and random bits. */
export function newBackupId(now = new Date()): string {
  let time = now.getTime();
  let prefix = '';
  for (let i = 0; i < 8; i++) {
    prefix = ID_ALPHABET[time % 32] + prefix;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(5);
  let suffix = '';
  for (const byte of random) suffix += ID_ALPHABET[byte % 32];
  return prefix + suffix;
}

/** Keeps names readable while making them safe on every filesystem and in S3 keys. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\s\x00-\x1f]+/g, '_').replace(/^\.+/, '_');
  return cleaned.length > 0 ? cleaned.slice(0, 100) : '_';
}

export function compactTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export interface BackupSetNames {
  prefix: string;
  base: string;
  dump: string;
  globals: string;
  manifest: string;
}

export function backupSetNames(job: string, database: string, startedAt: Date, id: string): BackupSetNames {
  const db = safeName(database);
  const yyyy = String(startedAt.getUTCFullYear());
  const mm = String(startedAt.getUTCMonth() + 1).padStart(2, '0');
  const base = `${db}_${compactTimestamp(startedAt)}_${id}`;
  return {
    prefix: `${safeName(job)}/${db}/${yyyy}/${mm}`,
    base,
    dump: `${base}.dump.zst.age`,
    globals: `${base}.globals.sql.zst.age`,
    manifest: `${base}.manifest.json`,
  };
}

/** For a file path given by the user: the manifest that would sit beside it. */
export function manifestNameFor(fileName: string): string | undefined {
  const match = /^(.*)\.(dump|globals\.sql)\.zst\.age$/.exec(fileName);
  return match ? `${match[1]}.manifest.json` : undefined;
}
