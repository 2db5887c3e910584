// Exact per-table row counts taken in the same snapshot pg_dump reads, so a restore can be
// checked table by table. The snapshot is exported from a REPEATABLE READ transaction that
// stays open until the dump has finished.
import type pg from 'pg';
import type { TableRowCount } from '../../src-shared/types';
import { connect, errorContext, quoteIdent } from './client';
import type { PgConnection } from './connection';
import { explainClientError } from './explain-error';

/** Ordinary tables (partitions included, partitioned parents excluded), not owned by extensions. */
export const USER_TABLES_SQL = `
  SELECT n.nspname AS schema, c.relname AS table
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY 1, 2`;

export async function countRows(client: pg.Client): Promise<TableRowCount[]> {
  const tables = await client.query<{ schema: string; table: string }>(USER_TABLES_SQL);
  const counts: TableRowCount[] = [];
  for (const { schema, table } of tables.rows) {
    const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${quoteIdent(schema)}.${quoteIdent(table)}`);
    counts.push({ schema, table, rows: Number(res.rows[0]?.n ?? 0) });
  }
  return counts;
}

export interface DumpSnapshot {
  id: string;
  countRows(): Promise<TableRowCount[]>;
  close(): Promise<void>;
}

export async function exportSnapshot(conn: PgConnection, lockTimeoutMs: number): Promise<DumpSnapshot> {
  const client = await connect(conn);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Same rule as pg_dump: a table hidden by row-level security must fail loudly, not count short.
    await client.query('SET LOCAL row_security = off');
    // Counting waits for the same locks pg_dump does, and must give up just as pg_dump would.
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    // Counting runs beside pg_dump on the same machine: parallel scan workers would only compete with it.
    await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
    const res = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const id = res.rows[0]?.id;
    if (!id) throw new Error('pg_export_snapshot returned nothing');
    return {
      id,
      countRows: async () => {
        try {
          return await countRows(client);
        } catch (error) {
          throw explainClientError(error, errorContext(conn));
        }
      },
      // Disconnecting rolls the read-only transaction back, even while a count is still running.
      close: () => client.end().catch(() => undefined),
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainClientError(error, errorContext(conn));
  }
}
