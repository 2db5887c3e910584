// "Test connection" in the job editor: the server answers with these credentials, which pg_dump
// backups will use, and which databases it has. Failures come back explained (wrong password,
// server unreachable); client tools older than the server are a warning, not a failure.
import { readServerInfo, withClient } from '../../pg/client';
import { listBackupableDatabases } from '../../pg/databases';
import { findToolSets } from '../../pg/tool-locator';
import { toolChoiceForServer } from '../../pg/tool-version-warning';
import type { HandlerTable } from './types';

export const connectionHandlers: HandlerTable<'connection.test'> = {
  'connection.test': async (_ctx, input) => {
    const conn = { host: input.host, port: input.port, user: input.user, password: input.password ?? process.env.PGPASSWORD, database: input.database, sslmode: input.sslmode };
    const { server, databases } = await withClient(conn, async (client) => ({ server: await readServerInfo(client), databases: await listBackupableDatabases(client) }));
    const { toolVersion, warning } = toolChoiceForServer(await findToolSets(), server.major, server.version);
    return { serverVersion: server.version, toolVersion, databases, ...(warning ? { warning } : {}) };
  },
};
