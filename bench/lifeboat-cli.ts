// Runs the real `lifeboat` CLI (node bin/lifeboat.mjs …, which imports its bundle or the
// TypeScript sources in-process, so the spawned pid is the program itself) and parses its
// one-line --json answer.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type RunResult } from './proc';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN_ENTRY = fileURLToPath(new URL('../bin/lifeboat.mjs', import.meta.url));

/** The script every CLI run starts (bin/lifeboat.mjs unless useFreshBundle() replaced it). */
let entry = BIN_ENTRY;
export function cliEntry(): string {
  return entry;
}

/**
 * Builds the CLI from the current sources with the project's own build script, into `dir`
 * instead of dist/cli (the script writes next to itself, so a copy of it is run), and uses
 * that bundle for every later CLI run. For a shared checkout whose dist/cli is stale.
 */
export async function useFreshBundle(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'scripts', 'build-cli.mjs'), join(dir, 'scripts', 'build-cli.mjs'));
  // Bare imports from the copied script and from the bundle resolve to the project's packages.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await runProcess(process.execPath, [join(dir, 'scripts', 'build-cli.mjs')], { env, cwd: REPO_ROOT, label: 'build-cli (private copy)' });
  const main = join(dir, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`The CLI build produced no ${main}.`);
  entry = main;
}

/**
 * How bin/lifeboat.mjs will run right now: its esbuild bundle (dist/cli), or the TypeScript
 * sources through tsx when the bundle is missing or older than any source file (the same
 * test it makes). tsx costs start-up time and ~30 MB of RSS, so the report says which it was.
 */
export function cliMode(env: NodeJS.ProcessEnv = process.env): 'bundle' | 'tsx' | 'fresh bundle' {
  if (entry !== BIN_ENTRY) return 'fresh bundle';
  const bundle = `${REPO_ROOT}dist/cli/main.js`;
  if (!existsSync(bundle) || env.LIFEBOAT_FROM_SOURCE === '1') return 'tsx';
  const newest = Math.max(newestTs(`${REPO_ROOT}src-main`), newestTs(`${REPO_ROOT}src-shared`));
  return statSync(bundle).mtimeMs >= newest ? 'bundle' : 'tsx';
}

function newestTs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export interface CliRun<T> extends RunResult {
  json: T;
}

export async function runLifeboat<T = Record<string, unknown>>(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { sampleRss?: boolean } = {},
): Promise<CliRun<T>> {
  const label = `lifeboat ${args[0] ?? ''}`.trim();
  let result: RunResult;
  try {
    result = await runProcess(process.execPath, [entry, ...args], {
      env,
      cwd: REPO_ROOT,
      captureStdout: true,
      label,
      ...(options.sampleRss ? { sampleRssMarker: entry } : {}),
    });
  } catch (error) {
    // With --json the CLI explains failures on stdout too; prefer that line.
    const stdout = (error as { result?: RunResult }).result?.stdout ?? '';
    const explained = parseLastJsonLine(stdout) as { error?: { code?: string; message?: string } } | undefined;
    if (explained?.error) throw new Error(`${label} failed: ${explained.error.code}: ${explained.error.message}`);
    throw error;
  }
  const json = parseLastJsonLine(result.stdout) as (T & { ok?: boolean; error?: { code?: string; message?: string } }) | undefined;
  if (!json) throw new Error(`${label} printed no JSON result:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  if (json.ok === false) throw new Error(`${label} failed: ${json.error?.code}: ${json.error?.message}`);
  return { ...result, json };
}

function parseLastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
