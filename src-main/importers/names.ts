// What a legacy file's name says: the database ("emiti_metrics_20240115_030000.sql.gz.enc" →
// emiti_metrics) and when it was made. Only a fallback: an archive's own header wins.
import { createHash } from 'node:crypto';

const EXTENSIONS = /\.(gz|gzip|enc|gpg|pgp|asc|age|zst|zstd|sql|psql|pgsql|dump|backup|bak|pgdump|pg_dump|tar|custom|fernet|aes|aes256|bin|fc|out)$/i;
const GENERIC = /^(backup|backups|dump|pg_?dump|db|database|postgres(ql)?|pg|latest|full|daily|nightly|hourly|weekly|manual|auto)$/i;

export interface NameHints {
  database: string | undefined;
  /** Local time written in the name, when there is one. */
  madeAt: Date | undefined;
}

export function hintsFromFileName(fileName: string): NameHints {
  let base = fileName;
  while (EXTENSIONS.test(base)) base = base.replace(EXTENSIONS, '');
  let madeAt: Date | undefined;
  const patterns: Array<[RegExp, (m: RegExpExecArray) => Date]> = [
    [/[_.-]?(\d{4})(\d{2})(\d{2})[_T.-]?(\d{2})(\d{2})(\d{2})Z?$/, (m) => localDate(m, m[0].endsWith('Z'))],
    [/[_.-]?(\d{4})-(\d{2})-(\d{2})[_T.-](\d{2})[-:.h](\d{2})[-:.m](\d{2})s?$/, (m) => localDate(m, false)],
    [/[_.-]?(\d{4})-?(\d{2})-?(\d{2})$/, (m) => localDate(m, false)],
  ];
  for (const [pattern, toDate] of patterns) {
    const match = pattern.exec(base);
    if (!match) continue;
    const date = toDate(match);
    if (!Number.isNaN(date.getTime()) && date.getFullYear() > 1990 && date.getFullYear() < 2200) {
      madeAt = date;
      base = base.slice(0, match.index);
    }
    break;
  }
  const words = base.split(/[_.-]+/).filter((w) => w.length > 0);
  while (words.length > 0 && GENERIC.test(words[words.length - 1]!)) words.pop();
  while (words.length > 0 && GENERIC.test(words[0]!)) words.shift();
  // Keep the original separators of what is left ("emiti_metrics", "g5-core").
  const database = words.length > 0 ? base.slice(base.indexOf(words[0]!), base.lastIndexOf(words[words.length - 1]!) + words[words.length - 1]!.length) : undefined;
  return { database, madeAt };
}

function localDate(m: RegExpExecArray, utc: boolean): Date {
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((v) => v ?? '0');
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  return utc ? new Date(Date.UTC(...parts)) : new Date(...parts);
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A backup id in Lifeboat's form (8 characters of time, 5 more), the 5 taken from the file's
 * SHA-256 instead of random bytes: importing the same file again finds the same entry.
 */
export function importedBackupId(madeAt: Date, sha256: string, location: string): string {
  let time = madeAt.getTime();
  let prefix = '';
  for (let i = 0; i < 8; i++) {
    prefix = ID_ALPHABET[time % 32] + prefix;
    time = Math.floor(time / 32);
  }
  const digest = createHash('sha256').update(sha256).update('\0').update(location).digest();
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += ID_ALPHABET[digest[i]! % 32];
  return prefix + suffix;
}
