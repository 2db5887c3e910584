// After a restore: ANALYZE every table and count its rows exactly, spread over two connections
// (largest tables first), so the check costs about half of doing it all on one connection.
import type { TableRowCount } from '../../src-shared/types';
import { connect, errorContext, quoteIdent } from './client';
import type { PgConnection } from './connection';
import { explainClientError } from './explain-error';
import { USER_TABLES_SQL } from './row-counts';

const CONNECTIONS = 2;

export async function analyzeAndCount(conn: PgConnection): Promise<TableRowCount[]> {
  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(conn)));
  try {
    const tables = (
      await clients[0]!.query<{ schema: string; table: string; bytes: string }>(
        `SELECT t.schema, t.table, pg_relation_size(format('%I.%I', t.schema, t.table)::regclass) AS bytes FROM (${USER_TABLES_SQL}) t`,
      )
    ).rows.sort((a, b) => Number(b.bytes) - Number(a.bytes));
    const counts = new Map<string, number>();
    // Each table is one task: ANALYZE, then count. Big ones are handed out first so both connections finish together.
    let next = 0;
    await Promise.all(
      clients.map(async (client) => {
        await client.query('SET max_parallel_workers_per_gather = 0');
        while (next < tables.length) {
          const { schema, table } = tables[next++]!;
          const name = `${quoteIdent(schema)}.${quoteIdent(table)}`;
          await client.query(`ANALYZE ${name}`);
          const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${name}`);
          counts.set(`${schema}\u0000${table}`, Number(res.rows[0]?.n ?? 0));
        }
      }),
    );
    // Partitioned parents hold no rows themselves and are not in the list; their statistics are gathered separately.
    const parents = await clients[0]!.query<{ name: string }>(
      "SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p'",
    );
    for (const { name } of parents.rows) await clients[0]!.query(`ANALYZE ${name}`);
    return tables
      .map(({ schema, table }) => ({ schema, table, rows: counts.get(`${schema}\u0000${table}`) ?? 0 }))
      .sort((a, b) => (a.schema === b.schema ? (a.table < b.table ? -1 : 1) : a.schema < b.schema ? -1 : 1));
  } catch (error) {
    throw explainClientError(error, errorContext(conn));
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
