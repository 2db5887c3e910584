// Overlaps the restore's own check with pg_restore's last phase. A whole-database restore from a
// stream runs pg_restore's sections in order: pre-data (tables), data (COPY, sequence values,
// large objects), post-data (indexes, constraints, triggers). Once post-data starts, every row
// is loaded and committed, so ANALYZE and the exact counts can run on the second core while
// pg_restore builds indexes on the first; they used to run after it, adding ~10 % to a restore.
//
// How the start of post-data is seen: pg_restore --verbose says "processing data for table …"
// (or "executing SEQUENCE SET", "processing BLOBS") for data, and "creating INDEX/CONSTRAINT/…"
// for everything else; the first "creating" after data began is post-data. An archive without
// data never triggers it, and the check simply runs after pg_restore, as before.
//
// Locks: each count holds ACCESS SHARE on one table, each ANALYZE SHARE UPDATE EXCLUSIVE on one
// table, one statement at a time; pg_restore's index builds and constraints wait for them or
// they for it, but never in a cycle. Expression indexes get their statistics only from an
// ANALYZE after they exist, so tables with one are analyzed again at the end.
import type { TableRowCount } from '../../src-shared/types';
import { analyzeAndCount } from '../pg/analyze-and-count';
import { quoteIdent, withClient } from '../pg/client';
import type { PgConnection } from '../pg/connection';

const DATA_LINE = /^pg_restore: (processing data for table|executing SEQUENCE SET|processing BLOBS|restoring large object)/;
const POST_DATA_LINE = /^pg_restore: creating /;
/** Verbose progress lines: seen by the watcher, not kept for error messages. */
export const VERBOSE_PROGRESS_LINE = /^pg_restore: (creating|processing|executing|restoring|restored|connecting|implied data-only restore)\b/;

export interface PostDataCheck {
  /** Feed every stderr line of pg_restore --verbose. */
  onStderrLine(line: string): void;
  /** After pg_restore succeeded: the counts (started early, or now), expression-index tables re-analyzed. */
  result(): Promise<TableRowCount[]>;
  /** Whether the check started before pg_restore ended (for the log). */
  startedEarly(): boolean;
}

export function checkDuringPostData(target: PgConnection): PostDataCheck {
  let sawData = false;
  let early: Promise<TableRowCount[]> | undefined;
  return {
    onStderrLine(line) {
      if (early) return;
      if (DATA_LINE.test(line)) sawData = true;
      else if (sawData && POST_DATA_LINE.test(line)) {
        early = analyzeAndCount(target);
        // If pg_restore then fails, the database is dropped under these sessions: not a second error.
        early.catch(() => undefined);
      }
    },
    async result() {
      if (!early) return analyzeAndCount(target);
      const counts = await early;
      await analyzeExpressionIndexTables(target);
      return counts;
    },
    startedEarly: () => early !== undefined,
  };
}

async function analyzeExpressionIndexTables(target: PgConnection): Promise<void> {
  await withClient(target, async (client) => {
    const res = await client.query<{ schema: string; table: string }>(
      `SELECT DISTINCT n.nspname AS schema, c.relname AS table
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE i.indexprs IS NOT NULL AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
    );
    for (const { schema, table } of res.rows) await client.query(`ANALYZE ${quoteIdent(schema)}.${quoteIdent(table)}`);
  });
}
