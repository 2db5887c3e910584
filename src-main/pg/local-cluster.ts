// Throwaway PostgreSQL clusters: initdb into a temp dir, start `postgres` on a free localhost
// port, hand back a URL and a query helper, and remove everything on stop() (or, as a last
// resort, when the process exits). Used by the demo, the benchmark, restore drills and tests.
//
// PostgreSQL refuses to run as root, so under root the server processes run as `nobody` and
// the temp dir is chowned to it. The password never appears in a process argument: initdb
// reads it from a 0600 file that is deleted right after, clients get it over the protocol.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LifeboatError } from '../../src-shared/errors';

export interface LocalClusterOptions {
  /** Directory with initdb and postgres (see findServerBinDir). */
  binDir: string;
  /** Superuser password; random when omitted. */
  password?: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Extra server settings, passed as -c name=value. */
  settings?: Record<string, string>;
  /** Leave the server running and its files in place when this process exits. */
  keepOnExit?: boolean;
}

export interface LocalCluster {
  host: '127.0.0.1';
  port: number;
  superuser: 'postgres';
  password: string;
  binDir: string;
  dataDir: string;
  version: { major: number; num: number };
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/DATABASE (default database: postgres). */
  url(database?: string): string;
  /** Runs SQL (several statements allowed when there are no parameters) on a fresh connection. */
  query(sql: string, database?: string): Promise<pg.QueryResult>;
  /** Fast shutdown, then removes the temp dir. Safe to call more than once. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const { binDir } = options;
  for (const tool of ['initdb', 'postgres']) {
    if (!existsSync(join(binDir, tool))) {
      throw new LifeboatError('PG_TOOLS_MISSING', `${tool} was not found in ${binDir}.`, {
        fix: 'Install the PostgreSQL server binaries for this version.',
      });
    }
  }
  const settings = options.settings ?? {};
  for (const name of Object.keys(settings)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
      throw new LifeboatError('BAD_INPUT', `"${name}" is not a valid PostgreSQL setting name.`);
    }
  }

  const owner = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  const root = mkdtempSync(join(tmpdir(), 'lifeboat-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const logPath = join(root, 'server.log');
  mkdirSync(socketDir, { mode: 0o700 });
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(socketDir, owner.uid, owner.gid);
  }

  const libDir = join(binDir, '..', 'lib');
  const spawnOptions: SpawnOptions = {
    cwd: root,
    env: existsSync(libDir)
      ? { ...process.env, LD_LIBRARY_PATH: [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') }
      : { ...process.env },
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  };

  const state: ServerState = { root, child: undefined, keepOnExit: options.keepOnExit === true };
  liveServers.add(state);
  ensureExitHandler();

  try {
    const password = options.password ?? randomBytes(24).toString('base64url');
    await initdb(binDir, dataDir, password, root, owner, spawnOptions);

    let port = options.port ?? (await freePort());
    for (let attempt = 1; ; attempt++) {
      const logStart = existsSync(logPath) ? statSync(logPath).size : 0;
      const args = ['-D', dataDir, '-c', `port=${port}`, '-c', 'listen_addresses=127.0.0.1'];
      args.push('-c', `unix_socket_directories=${socketDir}`);
      args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
      for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
      const logFd = openSync(logPath, 'a');
      try {
        state.child = spawn(join(binDir, 'postgres'), args, {
          ...spawnOptions,
          stdio: ['ignore', logFd, logFd],
          detached: state.keepOnExit,
        });
      } finally {
        closeSync(logFd);
      }
      state.child.on('error', (error) => appendFileSync(logPath, `could not run ${binDir}/postgres: ${error.message}\n`));
      state.child.unref();
      if (!state.keepOnExit) startWatchdog(state);
      const outcome = await waitUntilReady(state.child, dataDir, port, password);
      if (outcome === 'ready') break;
      const newLog = readFileSync(logPath, 'utf8').slice(logStart);
      // Another process grabbed the port between our probe and the server's bind: pick another.
      if (outcome === 'exited' && options.port === undefined && attempt < 5 && /could not (bind|create any TCP)/.test(newLog)) {
        port = await freePort();
        continue;
      }
      throw new LifeboatError(
        'PG_UNREACHABLE',
        `The local PostgreSQL server (${binDir}) ${outcome === 'exited' ? 'exited while starting' : `did not accept connections within ${START_TIMEOUT_MS / 1000} s`}. Server log (last lines):\n${tail(readFileSync(logPath, 'utf8'))}`,
        { details: { binDir, port } },
      );
    }

    const connection = { host: '127.0.0.1', port, user: 'postgres', password } as const;
    const query = async (sql: string, database = 'postgres'): Promise<pg.QueryResult> => {
      const client = new pg.Client({ ...connection, database });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    };
    const num = Number((await query("select current_setting('server_version_num') as v")).rows[0].v);
    let stopping: Promise<void> | undefined;
    return {
      host: '127.0.0.1',
      port,
      superuser: 'postgres',
      password,
      binDir,
      dataDir,
      version: { major: Math.floor(num / 10_000), num },
      url: (database = 'postgres') =>
        `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      query,
      stop: () => (stopping ??= stopServer(state)),
    };
  } catch (error) {
    await stopServer(state);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------

interface ServerState {
  root: string;
  child: ChildProcess | undefined;
  watchdog?: ChildProcess;
  keepOnExit: boolean;
}

const liveServers = new Set<ServerState>();
let exitHandlerInstalled = false;

/**
 * Last resort when the process dies without stop() or an 'exit' event (SIGTERM, SIGKILL; vitest
 * ends its workers with SIGTERM): a detached shell that waits for its stdin pipe to close, then
 * kills the server (if that pid is still our postgres) and removes the temp dir.
 */
function startWatchdog(state: ServerState): void {
  state.watchdog?.kill('SIGKILL');
  const script = 'read _; if [ ! -d /proc ] || grep -qaF -- "$2" "/proc/$1/cmdline"; then kill -KILL "$1"; fi; rm -rf "$2"';
  const watchdog = spawn('/bin/sh', ['-c', script, 'lifeboat-pg-watchdog', String(state.child!.pid), state.root], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true, // its own process group: a Ctrl-C aimed at us must not kill it first
  });
  watchdog.on('error', () => {}); // no /bin/sh: the 'exit' handler still covers normal exits
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref(); // the open pipe must not keep us alive either
  state.watchdog = watchdog;
}

/** Last resort when the process exits without stop(): kill servers, remove their files. */
function ensureExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const state of liveServers) {
      if (state.keepOnExit) continue;
      if (isRunning(state.child)) {
        try {
          process.kill(state.child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      rmSync(state.root, { recursive: true, force: true });
    }
  });
}

async function stopServer(state: ServerState): Promise<void> {
  const child = state.child;
  if (isRunning(child)) {
    child.ref(); // keep the event loop alive until the server is really gone
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT'); // fast shutdown: disconnect clients, checkpoint, exit
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  rmSync(state.root, { recursive: true, force: true });
  state.watchdog?.kill('SIGKILL');
  liveServers.delete(state);
}

function isRunning(child: ChildProcess | undefined): child is ChildProcess & { pid: number } {
  return child !== undefined && child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

async function initdb(
  binDir: string,
  dataDir: string,
  password: string,
  root: string,
  owner: { uid: number; gid: number } | undefined,
  spawnOptions: SpawnOptions,
): Promise<void> {
  const pwfile = join(root, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  try {
    let result = { code: -1, output: '' };
    for (const locale of ['C.UTF-8', 'C']) {
      rmSync(dataDir, { recursive: true, force: true });
      const args = ['-D', dataDir, '-U', 'postgres', '--auth-local=scram-sha-256', '--auth-host=scram-sha-256'];
      args.push(`--pwfile=${pwfile}`, '-E', 'UTF8', `--locale=${locale}`, '--no-sync');
      result = await run(join(binDir, 'initdb'), args, spawnOptions);
      if (result.code === 0 || !/locale/i.test(result.output)) break;
    }
    if (result.code !== 0) {
      throw new LifeboatError('INTERNAL', `initdb failed (exit code ${result.code}):\n${tail(result.output)}`, {
        details: { binDir },
      });
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function run(command: string, args: string[], options: SpawnOptions): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** Polls until the server accepts a login; 'exited' if it died, 'timeout' after 30 s. */
async function waitUntilReady(child: ChildProcess, dataDir: string, port: number, password: string): Promise<'ready' | 'exited' | 'timeout'> {
  let exited = !isRunning(child);
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) return 'exited';
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres', connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      try {
        // Make sure it is our server answering, not another one already on this port.
        const { rows } = await client.query("select current_setting('data_directory') as dir");
        if (rows[0]?.dir === dataDir && !exited) return 'ready';
      } finally {
        await client.end();
      }
    } catch {
      // Not up yet (refused, or "the database system is starting up").
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return exited ? 'exited' : 'timeout';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** uid/gid of `nobody`, read from /etc/passwd. */
function unprivilegedUser(): { uid: number; gid: number } {
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    // Handled below.
  }
  const fields = passwd.split('\n').find((line) => line.startsWith('nobody:'))?.split(':');
  if (!fields || fields.length < 4) {
    throw new LifeboatError('INTERNAL', 'PostgreSQL cannot run as root and there is no "nobody" user in /etc/passwd.', {
      fix: 'Run as an ordinary user, or create a "nobody" user.',
    });
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
