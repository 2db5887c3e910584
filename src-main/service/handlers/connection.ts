// "Test connection" in the job editor: the server answers with these credentials, a pg_dump new
// enough for it exists, and which databases it has. Failures come back explained (wrong
// password, server unreachable, no client tools new enough).
import { readServerInfo, withClient } from '../../pg/client';
import { listBackupableDatabases } from '../../pg/databases';
import { toolsForServer } from '../../pg/tool-locator';
import type { HandlerTable } from './types';

export const connectionHandlers: HandlerTable<'connection.test'> = {
  'connection.test': async (_ctx, input) => {
    const conn = { host: input.host, port: input.port, user: input.user, password: input.password ?? process.env.PGPASSWORD, database: input.database, sslmode: input.sslmode };
    const { server, databases } = await withClient(conn, async (client) => ({ server: await readServerInfo(client), databases: await listBackupableDatabases(client) }));
    const tools = await toolsForServer(server.major, server.version);
    return { serverVersion: server.version, toolVersion: tools.version, databases };
  },
};
