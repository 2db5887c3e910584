// Runs the real `lifeboat` CLI in a child process, the way a user or a script would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = fileURLToPath(new URL('../../bin/lifeboat.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown> & { ok: boolean; error?: { code: string; message: string; fix?: string } };
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json: () => {
          const line = stdout.trim().split('\n').pop() ?? '';
          return JSON.parse(line);
        },
      }),
    );
  });
  return { child, result };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).result;
}
