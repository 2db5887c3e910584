// `lifeboat serve` as a user starts it, for browser tests: the real CLI in its own process
// group, with a real keychain (gnome-keyring in a private D-Bus session) so keys and passwords
// can be saved, serving a renderer built from the current sources into a private folder (no
// race with others building dist/renderer). stop() ends the whole group, also on failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_ENTRY } from './cli';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/** Builds the renderer from src-renderer into a fresh temp folder; returns that folder. */
export function buildRendererInto(parent: string = os.tmpdir()): string {
  const outDir = mkdtempSync(path.join(parent, 'lifeboat-renderer-'));
  const res = spawnSync(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) throw new Error(`vite build failed (${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
  return outDir;
}

export interface ServeOptions {
  /** LIFEBOAT_HOME. */
  lifeboatHome: string;
  /** A scratch folder for HOME (keyring files live under it). */
  userHome: string;
  staticDir: string;
  scheduler?: boolean;
  /** 'auto' (keychain in a D-Bus session) by default; 'env' skips D-Bus entirely. */
  secrets?: 'auto' | 'env';
  env?: NodeJS.ProcessEnv;
}

export interface RunningServe {
  /** http://127.0.0.1:PORT/?token=TOKEN, as printed. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** POST /api/<method> with the Bearer token; the result, or throws the error envelope. */
  call<T = any>(method: string, body?: unknown): Promise<T>;
  output(): { stdout: string; stderr: string };
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort when a test process dies without running afterAll.
    process.once('exit', () => {
      for (const child of live) killGroup(child, 'SIGKILL');
    });
  }
  mkdirSync(options.userHome, { recursive: true });
  const secrets = options.secrets ?? 'auto';
  const flags = `--port 0 --static "$SERVE_STATIC"${options.scheduler ? '' : ' --no-scheduler'}`;
  const serveLine = `node "$SERVE_CLI" serve ${flags} & echo "serve-pid $!" >&2; wait $!`;
  const [command, args] =
    secrets === 'auto'
      ? ['dbus-run-session', ['--', 'bash', '-c', `echo -n test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ${serveLine}`]]
      : ['bash', ['-c', serveLine]];
  // Nothing from the developer's shell may log in for the UI: the password comes from the form.
  const { PGPASSWORD: _pgPassword, PGPASSFILE: _pgPassFile, ...inherited } = process.env;
  const child = spawn(command as string, args as string[], {
    env: {
      ...inherited,
      PGPASSFILE: path.join(options.userHome, 'no-pgpass'),
      HOME: options.userHome,
      XDG_DATA_HOME: path.join(options.userHome, '.local/share'),
      XDG_CONFIG_HOME: path.join(options.userHome, '.config'),
      LIFEBOAT_HOME: options.lifeboatHome,
      LIFEBOAT_SECRETS: secrets,
      SERVE_CLI: CLI_ENTRY,
      SERVE_STATIC: options.staticDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', () => live.delete(child));

  const stop = async () => {
    const servePid = Number(/serve-pid (\d+)/.exec(stderr)?.[1] ?? 0);
    if (servePid > 0) {
      try {
        process.kill(servePid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), servePid > 0 ? 15_000 : 0);
    await exited;
    clearTimeout(timer);
    // The keyring daemon and dbus outlive the serve process unless the group goes.
    killGroup(child, 'SIGKILL');
    for (const pid of groupMembers(child.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };

  const deadline = Date.now() + 90_000;
  let match: RegExpExecArray | null = null;
  while (!(match = /^Lifeboat is running at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]{43})\n/m.exec(stdout))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`lifeboat serve did not start.\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const origin = match[1]!;
  const token = match[3]!;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port: Number(match[2]),
    token,
    call: async (method, body = {}) => {
      const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const envelope = (await res.json()) as { result?: any; error?: unknown };
      if (envelope.error !== undefined) throw new Error(`${method}: ${JSON.stringify(envelope.error)}`);
      return envelope.result;
    },
    output: () => ({ stdout, stderr }),
    stop,
  };
}

/** Processes still in the group (gnome-keyring-daemon daemonises but keeps the group). */
function groupMembers(pgid: number | undefined): number[] {
  if (pgid === undefined) return [];
  const res = spawnSync('ps', ['-e', '-o', 'pid=,pgid='], { encoding: 'utf8' });
  return res.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([pid, group]) => group === pgid && pid! > 0)
    .map(([pid]) => pid!);
}

/** A temp folder removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
