import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../log';
import type { AuditInput } from '../../src-shared/audit';
import { AuditLog, auditLogPath } from './audit-log';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');

function recordingLogger(): Logger & { warnings: Array<{ message: string; fields?: LogFields }> } {
  const warnings: Array<{ message: string; fields?: LogFields }> = [];
  const logger: Logger & { warnings: typeof warnings } = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => void warnings.push({ message, ...(fields ? { fields } : {}) }),
    error: () => undefined,
    scope: () => logger,
  };
  return logger;
}

describe('audit log', () => {
  it('writes the runbooks\' line shape to <dataDir>/audit/audit.log with mode 0600', () => {
    const log = new AuditLog({ dataDir: dir });
    expect(
      log.append({
        timestamp: '2025-10-27T03:00:01+06:00',
        event: 'backup_create_start',
        status: 'info',
        details: 'Starting backup for database zakupai',
        backup_file: 'zakupai_20251027_030001.sql.gz',
      }),
    ).toBe(true);
    const file = auditLogPath(dir);
    expect(log.file).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(
      '{"timestamp":"2025-10-27T03:00:01+06:00","event":"backup_create_start","status":"info","details":"Starting backup for database zakupai","backup_file":"zakupai_20251027_030001.sql.gz"}\n',
    );
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('stamps entries with an ISO time carrying the UTC offset, and a default actor', async () => {
    const at = new Date('2025-10-27T03:00:01.250Z');
    const log = new AuditLog({ dataDir: dir, now: () => at, actor: 'scheduler' });
    log.append({ event: 'key_created', status: 'success', details: 'Created key age1example' });
    log.append({ event: 'job_edited', status: 'info', details: 'Changed schedule', actor: 'ui:alice' });
    const [edited, key] = await log.read();
    expect(key?.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(Date.parse(key!.timestamp)).toBe(Date.parse('2025-10-27T03:00:01Z'));
    expect(key?.actor).toBe('scheduler');
    expect(edited?.actor).toBe('ui:alice');
  });

  it('reads newest first and filters by time, event, status, job, with paging', async () => {
    const log = new AuditLog({ dataDir: dir });
    const entries: AuditInput[] = [
      { timestamp: '2025-10-01T03:00:00+06:00', event: 'backup_create_start', status: 'info', details: 'a', job: 'nightly', database: 'shop' },
      { timestamp: '2025-10-01T03:05:00+06:00', event: 'backup_create_complete', status: 'success', details: 'b', job: 'nightly', database: 'shop' },
      { timestamp: '2025-10-02T03:00:00+06:00', event: 'backup_create_start', status: 'info', details: 'c', job: 'weekly', database: 'crm' },
      { timestamp: '2025-10-02T03:09:00+06:00', event: 'backup_create_complete', status: 'error', details: 'd', job: 'weekly', database: 'crm' },
      { timestamp: '2025-10-03T01:00:00+06:00', event: 'backup_prune', status: 'success', details: 'e', job: 'nightly', destination: 'folder:/nas' },
      { timestamp: '2025-10-04T09:00:00+00:00', event: 'destination_edited', status: 'info', details: 'f', actor: 'ui:bob' },
    ];
    for (const e of entries) expect(log.append(e)).toBe(true);

    const details = async (query: Parameters<AuditLog['read']>[0]) => (await log.read(query)).map((e) => e.details);
    expect(await details({})).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
    expect(await details({ event: 'backup_create_start' })).toEqual(['c', 'a']);
    expect(await details({ event: ['backup_prune', 'destination_edited'] })).toEqual(['f', 'e']);
    expect(await details({ status: 'error' })).toEqual(['d']);
    expect(await details({ job: 'nightly' })).toEqual(['e', 'b', 'a']);
    expect(await details({ destination: 'folder:/nas' })).toEqual(['e']);
    // since inclusive, until exclusive; offsets are compared as instants (03:00+06:00 is 21:00Z the day before).
    expect(await details({ since: '2025-10-01T21:00:00Z', until: new Date('2025-10-03T19:00:00Z') })).toEqual(['e', 'd', 'c']);
    expect(await details({ limit: 2 })).toEqual(['f', 'e']);
    expect(await details({ limit: 2, offset: 2 })).toEqual(['d', 'c']);
    expect(await details({ job: 'nightly', limit: 1, offset: 1 })).toEqual(['b']);
    expect(await details({ offset: 10 })).toEqual([]);
  });

  it('skips torn and foreign lines instead of failing the read', async () => {
    const log = new AuditLog({ dataDir: dir });
    log.append({ event: 'backup_verify', status: 'success', details: 'first' });
    appendFileSync(log.file, '{"timestamp":"2025-10-27T03:00:01+06:00","event":"backup_ver\n');
    appendFileSync(log.file, 'not json\n[1,2]\n{"timestamp":"x","event":"made_up","status":"info","details":""}\n');
    log.append({ event: 'backup_verify', status: 'success', details: 'second' });
    expect((await log.read()).map((e) => e.details)).toEqual(['second', 'first']);
  });

  it('masks secrets in every string field and caps runaway messages', () => {
    const log = new AuditLog({ dataDir: dir });
    log.append({
      event: 'backup_create_complete',
      status: 'error',
      details: `pg_dump: connection to postgresql://admin:hunter2@db:5432/shop failed ${'y'.repeat(10_000)}`,
      database: 'postgres://app:s3cret@db/shop',
      destination: 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ',
      actor: 'cli',
    });
    const text = readFileSync(log.file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('QQQQ');
    expect(text).toContain('postgresql://admin:***@db:5432/shop');
    expect(text).toContain('AGE-SECRET-KEY-1***');
    expect(text).toContain('(truncated)');
    expect(text.length).toBeLessThan(5000);
  });

  it('reports a failed write through the return value and a warning, never by throwing', () => {
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, 'file');
    const logger = recordingLogger();
    const log = new AuditLog({ dataDir: blocker, logger });
    expect(log.append({ event: 'restore_start', status: 'info', details: 'x' })).toBe(false);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]?.message).toBe('Audit log write failed');
    expect(logger.warnings[0]?.fields?.event).toBe('restore_start');
  });

  it('rotates by size, keeps N rotated files and reads them back in order', async () => {
    const log = new AuditLog({ dataDir: dir, maxBytes: 1000, keepFiles: 3 });
    for (let i = 0; i < 60; i++) expect(log.append({ event: 'backup_upload', status: 'success', details: `entry ${String(i).padStart(3, '0')}`, destination: 'folder:/nas' })).toBe(true);

    const files = readdirSync(path.dirname(log.file)).sort();
    expect(files).toEqual(['audit.log', 'audit.log.1', 'audit.log.2', 'audit.log.3']);
    for (const f of files) expect(statSync(path.join(path.dirname(log.file), f)).size).toBeLessThanOrEqual(1000);
    if (process.platform !== 'win32') expect(statSync(`${log.file}.3`).mode & 0o777).toBe(0o600);

    // Newest first across files, no gaps: the oldest entries went with the dropped files.
    const read = (await log.read()).map((e) => Number(e.details.slice(6)));
    expect(read[0]).toBe(59);
    expect(read).toEqual(Array.from({ length: read.length }, (_, i) => 59 - i));
    expect(read.length).toBeGreaterThan(20);
    expect(read.length).toBeLessThan(60);
    // Each rotated file holds older entries than the one before it.
    const newestIn = (f: string) => Number(JSON.parse(lines(f).at(-1)!).details.slice(6));
    const oldestIn = (f: string) => Number(JSON.parse(lines(f)[0]!).details.slice(6));
    expect(oldestIn(log.file)).toBe(newestIn(`${log.file}.1`) + 1);
    expect(oldestIn(`${log.file}.1`)).toBe(newestIn(`${log.file}.2`) + 1);
    // A page that fits in the live file; and a filtered page that spans files.
    expect((await log.read({ limit: 3 })).map((e) => e.details)).toEqual(['entry 059', 'entry 058', 'entry 057']);
    expect((await log.read({ limit: 2, offset: 12 })).map((e) => e.details)).toEqual([`entry 047`, `entry 046`]);
  });

  describe('two processes appending at once', () => {
    const writer = fileURLToPath(new URL('./audit-log-writer.fixture.ts', import.meta.url));

    interface Writer {
      ready: Promise<void>;
      go(): void;
      done: Promise<{ code: number | null; stderr: string }>;
    }

    function startWriter(name: string, maxBytes: number, keepFiles: number): Writer {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, name, '500', String(maxBytes), String(keepFiles)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
      const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
      return { ready, go: () => child.stdin.end('go\n'), done };
    }

    async function runBoth(maxBytes: number, keepFiles: number): Promise<void> {
      const writers = [startWriter('alpha', maxBytes, keepFiles), startWriter('beta', maxBytes, keepFiles)];
      // Release both only once both have loaded, so their appends really overlap.
      await Promise.all(writers.map((w) => w.ready));
      for (const w of writers) w.go();
      for (const r of await Promise.all(writers.map((w) => w.done))) expect(r, r.stderr).toMatchObject({ code: 0 });
    }

    function checkWholeLines(allLines: string[]): void {
      const seen = { alpha: [] as number[], beta: [] as number[] };
      for (const line of allLines) {
        const entry = JSON.parse(line) as { details: string; job: 'alpha' | 'beta' };
        const [name, index, padding] = entry.details.split(' ');
        expect(name).toBe(entry.job);
        expect(padding).toHaveLength(3000);
        seen[entry.job].push(Number(index));
      }
      // Every line arrived once, and each writer's lines keep their order.
      const expected = Array.from({ length: 500 }, (_, i) => i);
      expect(seen.alpha).toEqual(expected);
      expect(seen.beta).toEqual(expected);
    }

    it('produces whole lines: every line parses and none is lost', async () => {
      await runBoth(100 * 1024 * 1024, 10);
      const all = lines(auditLogPath(dir));
      expect(all).toHaveLength(1000);
      checkWholeLines(all);
      // The writers really overlapped: their lines alternate in the file.
      const writers = all.map((l) => (JSON.parse(l) as { job: string }).job);
      expect(writers.filter((w, i) => i > 0 && w !== writers[i - 1]).length).toBeGreaterThan(5);
    });

    it('keeps lines whole and complete while both rotate the file', async () => {
      // ~3.1 MB of entries through a 128 KB limit: about 25 rotations raced by two processes.
      await runBoth(128 * 1024, 100);
      const file = auditLogPath(dir);
      const names = readdirSync(path.dirname(file));
      expect(names.filter((n) => n.endsWith('.lock'))).toEqual([]);
      const rotated = names.filter((n) => /^audit\.log\.\d+$/.test(n)).map((n) => Number(n.split('.').pop())).sort((a, b) => b - a);
      expect(rotated.length).toBeGreaterThan(5);
      const all = [...rotated.map((n) => `${file}.${n}`), file].flatMap(lines);
      expect(all).toHaveLength(1000);
      checkWholeLines(all);
    });
  });
});
