// Roles and tablespaces (pg_dumpall --globals-only) kept beside the dump, so a restore on a
// new server does not fail on missing owners. Reading them needs privileges many backup
// users lack: then the backup carries a warning instead of failing.
import type { PgConnection } from '../pg/connection';
import { runTool } from '../pg/run-tool';
import type { PgToolSet } from '../pg/tool-locator';

export type GlobalsResult = { ok: true; sql: Buffer; warning?: string } | { ok: false; warning: string };

async function dumpall(tools: PgToolSet, conn: PgConnection, extraArgs: string[]): Promise<Buffer> {
  const proc = runTool(tools.paths.pg_dumpall, ['--globals-only', '--no-password', `--database=${conn.database}`, ...extraArgs], conn);
  const chunks: Buffer[] = [];
  proc.child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  await proc.done;
  return Buffer.concat(chunks);
}

export async function dumpGlobals(tools: PgToolSet, conn: PgConnection): Promise<GlobalsResult> {
  try {
    return { ok: true, sql: await dumpall(tools, conn, []) };
  } catch {
    // Without superuser, pg_authid (password hashes) is unreadable; pg_roles is not.
    try {
      const sql = await dumpall(tools, conn, ['--no-role-passwords']);
      return { ok: true, sql, warning: `Roles were saved without their passwords: "${conn.user}" may not read password hashes. Reset role passwords after restoring on a new server.` };
    } catch (error) {
      return { ok: false, warning: `Roles and tablespaces were not saved (${(error as Error).message}). A restore on a new server needs the roles created first, or "no owner".` };
    }
  }
}
