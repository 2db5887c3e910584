// The distinct servers (host, port, user) the configured jobs back up: where restores most
// likely went, so where kept and leftover databases are looked for.
import type { PgConnection } from '../pg/connection';
import { savedPasswordFor } from './backup-access';
import type { ServiceContext } from './context';

export interface JobServer {
  host: string;
  port: number;
  user: string;
  sslmode: 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full' | undefined;
  /** `user@host:port` */
  label: string;
}

export function jobServers(ctx: ServiceContext): JobServer[] {
  const seen = new Map<string, JobServer>();
  for (const job of ctx.core.jobs.list()) {
    const { host, port, user, sslmode } = job.config.source;
    const label = `${user}@${host}:${port}`;
    if (!seen.has(label)) seen.set(label, { host, port, user, sslmode, label });
  }
  return [...seen.values()];
}

/** The maintenance connection to a job's server, with the job's saved password. */
export async function jobServerConnection(ctx: ServiceContext, server: JobServer): Promise<PgConnection> {
  const { host, port, user, sslmode } = server;
  return { host, port, user, sslmode, password: await savedPasswordFor(ctx, server), database: 'postgres' };
}
