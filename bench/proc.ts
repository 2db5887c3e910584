// Child processes of the benchmark: spawned in their own process group (so a shell pipeline
// or the lifeboat CLI with its pg_dump can be stopped as a whole), timed from spawn to close,
// optionally watched for peak RSS. Every live child is tracked so Ctrl-C can stop them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { PeakRssSampler } from './measure';

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Keep stdout (default: discarded). */
  captureStdout?: boolean;
  /** Watch the spawned process's peak RSS; the value must appear in its command line once it has exec'd. */
  sampleRssMarker?: string;
  /** Name used in error messages (default: the command). */
  label?: string;
}

export interface RunResult {
  seconds: number;
  stdout: string;
  stderr: string;
  /** MB (2^20 bytes), when sampleRssMarker was given. */
  peakRssMb: number | undefined;
}

const STDERR_KEEP = 64 * 1024;
const live = new Set<ChildProcess>();

export class ProcessFailed extends Error {
  constructor(
    message: string,
    readonly result: RunResult & { code: number | null; signal: NodeJS.Signals | null },
  ) {
    super(message);
  }
}

/** Runs a command to completion; rejects (ProcessFailed) unless it exits 0. */
export function runProcess(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const label = options.label ?? command;
    const start = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
      detached: true, // own process group: killGroup() reaches its children too
    });
    live.add(child);
    const sampler = options.sampleRssMarker !== undefined && child.pid !== undefined ? new PeakRssSampler(child.pid, options.sampleRssMarker) : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    child.once('error', (error) => {
      sampler?.stop();
      live.delete(child);
      reject(new Error(`Could not start ${label}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const peakRssMb = sampler?.stop();
      live.delete(child);
      const result = { seconds, stdout, stderr, peakRssMb };
      if (code === 0) return resolve(result);
      const tail = stderr.trim().split('\n').slice(-8).join('\n');
      reject(new ProcessFailed(`${label} ${signal ? `was stopped by ${signal}` : `exited with code ${code}`}${tail ? `:\n${tail}` : ''}`, { ...result, code, signal }));
    });
  });
}

/**
 * Spawns a child in its own process group and tracks it like runProcess does, for callers
 * that stream its stdio themselves.
 */
export function spawnTracked(command: string, args: string[], options: { env: NodeJS.ProcessEnv; stdio: Array<'ignore' | 'pipe'> }): ChildProcess {
  const child = spawn(command, args, { env: options.env, stdio: options.stdio as Array<'ignore' | 'pipe'>, detached: true });
  live.add(child);
  child.once('close', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

/** Sends a signal to every live child's process group. */
export function signalAllChildren(signal: NodeJS.Signals): number {
  let n = 0;
  for (const child of live) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, signal);
      n++;
    } catch {
      // Already gone.
    }
  }
  return n;
}

/** SIGTERM to every child group, SIGKILL to what is left after graceMs; resolves when all are gone. */
export async function stopAllChildren(graceMs = 3_000): Promise<void> {
  if (signalAllChildren('SIGTERM') === 0) return;
  const deadline = Date.now() + graceMs;
  while (live.size > 0 && Date.now() < deadline) await sleep(50);
  if (live.size > 0) signalAllChildren('SIGKILL');
  const hardDeadline = Date.now() + 2_000;
  while (live.size > 0 && Date.now() < hardDeadline) await sleep(50);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
