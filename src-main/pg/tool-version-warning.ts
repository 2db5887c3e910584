// "Test connection" succeeds even when no pg_dump on this computer can dump the server: the login
// and the list of databases are worth showing. It says so instead, because every backup of that
// server would fail until newer client tools are installed.
import { LifeboatError } from '../../src-shared/errors';
import { chooseToolSet, type PgToolSet } from './tool-locator';

export interface ToolChoice {
  /** The pg_dump version backups will use, or the newest one found when none can. */
  toolVersion: string;
  warning?: string;
}

export function toolChoiceForServer(sets: PgToolSet[], serverMajor: number, serverVersion: string): ToolChoice {
  try {
    return { toolVersion: chooseToolSet(sets, serverMajor, serverVersion).version };
  } catch (error) {
    if (!(error instanceof LifeboatError) || (error.code !== 'PG_VERSION_MISMATCH' && error.code !== 'PG_TOOLS_MISSING')) throw error;
    const newest = [...sets].sort((a, b) => b.major - a.major)[0];
    return { toolVersion: newest?.version ?? 'none', warning: `${error.toLine()} Until then, backups of this server will fail.` };
  }
}
