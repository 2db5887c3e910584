// "Test" for a job, before trusting it with the nightly backup: the server answers with these
// credentials, a pg_dump new enough exists, every object is readable, and every destination
// accepts a write. Each check reports its own cause and fix; one failing does not hide the others.
import { LifeboatError, toLifeboatError, type ErrorData } from '../../src-shared/errors';
import type { JobConfig } from '../../src-shared/job';
import { readServerInfo, withClient } from '../pg/client';
import { listBackupableDatabases } from '../pg/databases';
import { findUnreadableObjects } from '../pg/read-permissions';
import { toolsForServer } from '../pg/tool-locator';
import type { SecretStore } from '../secrets/secret-store';
import type { Destination } from '../storage/destination';
import { testDestination } from '../storage/test-destination';
import { jobConnection } from './job-connection';

export interface JobCheck {
  check: string;
  ok: boolean;
  detail: string;
  error?: ErrorData;
}

export async function testJob(job: JobConfig, secrets: SecretStore, destination: (name: string) => Promise<Destination>): Promise<JobCheck[]> {
  const checks: JobCheck[] = [];
  const attempt = async (check: string, fn: () => Promise<string>) => {
    try {
      checks.push({ check, ok: true, detail: await fn() });
      return true;
    } catch (error) {
      const failure = toLifeboatError(error);
      checks.push({ check, ok: false, detail: failure.toLine(), error: failure.toData() });
      return false;
    }
  };

  let databases: string[] = job.source.databases.mode === 'list' ? job.source.databases.names : [];
  await attempt('connection', async () => {
    const conn = await jobConnection(job, secrets, databases[0] ?? 'postgres');
    const server = await withClient(conn, async (client) => {
      const info = await readServerInfo(client);
      if (job.source.databases.mode === 'all') {
        const exclude = new Set(job.source.databases.exclude);
        databases = (await listBackupableDatabases(client)).filter((d) => !exclude.has(d));
      }
      return info;
    });
    const tools = await toolsForServer(server.major, server.version);
    return `PostgreSQL ${server.version} at ${conn.host}:${conn.port}; pg_dump ${tools.version} from ${tools.dir}`;
  });
  for (const database of databases) {
    await attempt(`read access to ${database}`, async () => {
      const unreadable = await withClient(await jobConnection(job, secrets, database), findUnreadableObjects);
      if (unreadable.length === 0) return 'every schema, table and sequence is readable';
      const list = unreadable.slice(0, 5).map((o) => `${o.kind} ${o.name}`).join(', ');
      throw new LifeboatError('PG_PERMISSION_DENIED', `User "${job.source.user}" cannot read ${unreadable.length} object(s) in "${database}": ${list}${unreadable.length > 5 ? ', …' : ''}.`, {
        fix: `Grant SELECT on them (or make "${job.source.user}" a member of pg_read_all_data; tables with row-level security need the owner or BYPASSRLS).`,
      });
    });
  }
  for (const name of job.destinations) {
    await attempt(`destination ${name}`, async () => (await testDestination(await destination(name))).steps.join(' '));
  }
  return checks;
}
