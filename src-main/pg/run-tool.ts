// Spawns a PostgreSQL client tool (never through a shell), keeps its stderr for error
// explanations and lets callers stream its stdin/stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { LifeboatError } from '../../src-shared/errors';
import type { PgConnection } from './connection';
import { errorContext } from './client';
import { explainToolOutput } from './explain-error';
import { withBundledLibraries } from './bundled-libraries';
import { toolEnv } from './tool-env';

export interface ToolProcess {
  child: ChildProcess;
  /** Resolves when the tool exits 0; rejects with an explained LifeboatError otherwise. */
  done: Promise<void>;
  /** stderr so far (bounded). */
  stderr(): string;
  kill(): void;
}

const STDERR_LIMIT = 256 * 1024;

export function runTool(
  binary: string,
  args: string[],
  conn: PgConnection,
  options: {
    stdin?: 'pipe' | 'ignore';
    stdout?: 'pipe' | 'ignore';
    env?: Record<string, string>;
    onStderrLine?: (line: string) => void;
    /** Progress lines (--verbose) that go to onStderrLine but are not kept for error messages, which they would crowd out. */
    notKept?: RegExp;
  } = {},
): ToolProcess {
  const tool = path.basename(binary).replace(/\.exe$/, '');
  const child = spawn(binary, args, {
    shell: false,
    env: withBundledLibraries(binary, toolEnv(conn, options.env)),
    stdio: [options.stdin ?? 'ignore', options.stdout ?? 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  let partial = '';
  child.stderr?.setEncoding('utf8');
  const keep = (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text;
  };
  child.stderr?.on('data', (text: string) => {
    if (!options.onStderrLine && !options.notKept) return keep(text);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim()) options.onStderrLine?.(line);
      if (!options.notKept?.test(line)) keep(`${line}\n`);
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => {
      reject(new LifeboatError('PG_TOOLS_MISSING', `Could not start ${tool} (${binary}): ${error.message}.`, {
        fix: 'Check that the PostgreSQL client tools are installed and executable, or set LIFEBOAT_PG_TOOLS.',
        cause: error,
      }));
    });
    child.once('close', (code, signal) => {
      if (partial.trim()) {
        options.onStderrLine?.(partial);
        // Line mode kept lines as they ended; the unterminated last one is judged the same way.
        if ((options.notKept || options.onStderrLine) && !options.notKept?.test(partial)) keep(partial);
      }
      if (code === 0) return resolve();
      const explained = explainToolOutput(stderr, errorContext(conn, tool));
      if (explained) return reject(explained);
      const lastLines = stderr.trim().split('\n').slice(-3).join(' ').trim();
      const code2 = tool === 'pg_dump' || tool === 'pg_dumpall' ? 'PG_DUMP_FAILED' : 'PG_RESTORE_FAILED';
      reject(new LifeboatError(code2, `${tool} ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}${lastLines ? `: ${lastLines}` : '.'}`, {
        fix: 'Read the message above; the backup log has the full output.',
        details: { tool, exitCode: code ?? -1 },
      }));
    });
  });
  return {
    child,
    done,
    stderr: () => stderr,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
