// At start-up of a long-running host: remove what restores killed with the previous run left
// behind — private temporary archive folders here, temporary databases on the jobs' servers —
// so a crash never leaves decrypted data or half-restored databases around for long.
// Best effort: an unreachable server is tried again at its next restore (which cleans first).
import { cleanupLeftovers } from '../restore/leftovers';
import { cleanupStaleSpools } from '../restore/spool';
import type { ServiceContext } from './context';
import { jobServerConnection, jobServers } from './job-servers';

export async function tidyRestoreLeftovers(ctx: ServiceContext): Promise<{ spools: string[]; databases: string[] }> {
  const log = ctx.core.log.scope('restore-cleanup');
  const spools = await cleanupStaleSpools().catch(() => []);
  if (spools.length > 0) log.info('removed stale temporary archive folders', { count: spools.length });
  const databases: string[] = [];
  for (const server of jobServers(ctx)) {
    try {
      const cleanup = await cleanupLeftovers(await jobServerConnection(ctx, server), { log });
      databases.push(...cleanup.dropped);
    } catch (error) {
      log.warn('could not look for leftover temporary databases', { server: server.label, error: (error as Error).message });
    }
  }
  return { spools, databases };
}
