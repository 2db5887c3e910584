// Names of the databases a safe replace creates: the temporary copy it restores into
// (`<db>__lifeboat_tmp_<stamp>`) and the previous database it keeps after the swap
// (`<db>_before_restore_<stamp>`). PostgreSQL truncates identifiers to 63 bytes, so the
// database part is shortened (on a character boundary) until the marker and stamp fit.
import { createHash } from 'node:crypto';

export const TMP_MARK = '__lifeboat_tmp_';
export const KEPT_MARK = '_before_restore_';
/** NAMEDATALEN - 1. */
const MAX_IDENT_BYTES = 63;

/** `%__lifeboat_tmp_%` as a LIKE pattern (underscores escaped). */
export const TMP_LIKE = '%\\_\\_lifeboat\\_tmp\\_%';
/** `%_before_restore_%` as a LIKE pattern (underscores escaped). */
export const KEPT_LIKE = '%\\_before\\_restore\\_%';

const TMP_NAME_RE = /^(.*)__lifeboat_tmp_(\d{14})(?:_(\d+))?$/su;
const KEPT_NAME_RE = /^(.*)_before_restore_(\d{14})(?:_(\d+))?$/su;

/** UTC time as YYYYMMDDHHMMSS (sorts as text, readable in a database list). */
export function restoreStamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function stampToIso(stamp: string): string {
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}Z`;
}

/** `base` shortened so that base + suffix fits in 63 bytes, never splitting a character. */
function fit(base: string, suffix: string): string {
  const room = MAX_IDENT_BYTES - Buffer.byteLength(suffix);
  let out = '';
  for (const ch of base) {
    if (Buffer.byteLength(out + ch) > room) break;
    out += ch;
  }
  return out + suffix;
}

/** The temporary database a replace (or a source-server drill) restores into. `n` > 1 disambiguates. */
export function tmpDatabaseName(database: string, stamp: string, n = 1): string {
  return fit(database, `${TMP_MARK}${stamp}${n > 1 ? `_${n}` : ''}`);
}

/** The name the replaced database is kept under. */
export function keptDatabaseName(database: string, stamp: string, n = 1): string {
  return fit(database, `${KEPT_MARK}${stamp}${n > 1 ? `_${n}` : ''}`);
}

export function isTmpDatabaseName(name: string): boolean {
  return TMP_NAME_RE.test(name);
}

export interface KeptName {
  /** The database it replaced (possibly shortened, see `fit`). */
  original: string;
  /** When the replace happened (ISO, UTC). */
  keptAt: string;
}

export function parseKeptName(name: string): KeptName | undefined {
  const match = KEPT_NAME_RE.exec(name);
  if (!match) return undefined;
  return { original: match[1]!, keptAt: stampToIso(match[2]!) };
}

/**
 * The application_name of the session a running restore keeps open while its temporary
 * database exists. Visible to everyone in pg_stat_activity; it disappears when the process
 * dies (the server notices the closed socket), which is how a crash's leftovers are told
 * apart from a restore still running in another process.
 */
export function ownerAppName(tmpName: string): string {
  return `lifeboat-restore:${createHash('sha256').update(tmpName).digest('hex').slice(0, 16)}`;
}
