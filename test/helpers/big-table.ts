// A table big enough (and poorly compressible) that a backup of it takes a few seconds,
// so tests can act while the backup is running.
import type { LocalCluster } from '../../src-main/pg/local-cluster';

export async function createBigTable(cluster: LocalCluster, database: string, megabytes: number): Promise<void> {
  const rows = Math.round(megabytes * 1024 * 1.6);
  await cluster.query(
    `CREATE TABLE big AS
       SELECT g AS id, (SELECT string_agg(md5((g * 31 + i)::text), '') FROM generate_series(1, 20) i) AS payload
       FROM generate_series(1, ${rows}) g`,
    database,
  );
}
