// Runs a helper program (apt-get, dpkg-deb, ldd…) without a shell and reports failures as
// FetchToolsError: what went wrong and how to fix it, which the CLI prints as two lines.
import { spawn } from 'node:child_process';

export class FetchToolsError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'FetchToolsError';
  }
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Resolves with the exit code and output; rejects only when the program cannot be started. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; missingFix?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new FetchToolsError(`${command} was not found.`, options.missingFix ?? `Install the program that provides ${command}.`));
      else reject(error);
    });
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The last meaningful stderr line, for error messages (apt prints progress before the error). */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.filter((l) => /^E:|error/i.test(l)).at(-1) ?? lines.at(-1) ?? '';
}
