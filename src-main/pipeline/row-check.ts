// Compares row counts after a restore with those recorded at backup time.
import type { RowCountComparison, TableRowCount } from '../../src-shared/types';

export function compareRowCounts(expected: TableRowCount[], actual: TableRowCount[]): RowCountComparison[] {
  const key = (t: { schema: string; table: string }) => `${t.schema}\u0000${t.table}`;
  const actualByKey = new Map(actual.map((t) => [key(t), t.rows]));
  const expectedByKey = new Map(expected.map((t) => [key(t), t.rows]));
  const mismatches: RowCountComparison[] = [];
  for (const t of expected) {
    const got = actualByKey.get(key(t));
    if (got !== t.rows) mismatches.push({ schema: t.schema, table: t.table, expected: t.rows, actual: got ?? null });
  }
  for (const t of actual) {
    if (!expectedByKey.has(key(t))) mismatches.push({ schema: t.schema, table: t.table, expected: null, actual: t.rows });
  }
  return mismatches;
}
