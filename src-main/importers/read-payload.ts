// Reading a payload to its end without a database: plain SQL through the scanner; pg_dump
// archives through `pg_restore -f -` (which reads every entry, data included, and fails on a
// damaged or truncated archive) with the scanner counting the COPY rows it prints.
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LifeboatError } from '../../src-shared/errors';
import type { PgConnection } from '../pg/connection';
import { runTool, type ToolProcess } from '../pg/run-tool';
import type { PgToolSet } from '../pg/tool-locator';
import { SqlScanner } from './sql-scan';

/** pg_restore -f - reads only its input; this placeholder keeps PG* variables harmless. */
export const noConnection: PgConnection = { host: 'localhost', port: 5432, user: 'lifeboat', password: undefined, database: 'postgres', sslmode: undefined };

export function discard(): Writable {
  return new Writable({ highWaterMark: 1024 * 1024, write: (_chunk, _encoding, done) => done() });
}

export function psqlOf(tools: PgToolSet): string {
  if (!existsSync(tools.paths.psql)) {
    throw new LifeboatError('PG_TOOLS_MISSING', `psql was not found beside pg_restore in ${tools.dir}; it is needed to restore plain SQL files.`, {
      fix: 'Install the PostgreSQL client tools including psql (Debian/Ubuntu: apt install postgresql-client), or set LIFEBOAT_PG_TOOLS to a folder that has psql.',
    });
  }
  return tools.paths.psql;
}

/** `pg_restore -f -`: write the archive to `stdin`; `scanner` reads the SQL it prints. The promises settle when each part is done. */
export function archiveToSql(tools: PgToolSet, scanner: SqlScanner): { tool: ToolProcess; stdin: Writable; stages: Array<Promise<unknown>> } {
  const tool = runTool(tools.paths.pg_restore, ['--file=-'], noConnection, { stdin: 'pipe', stdout: 'pipe' });
  const stdin = tool.child.stdin!;
  stdin.on('error', () => undefined);
  const read = pipeline(tool.child.stdout!, scanner, discard());
  read.catch(() => undefined);
  return { tool, stdin, stages: [tool.done, read] };
}
