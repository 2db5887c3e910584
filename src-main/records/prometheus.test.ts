import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile } from './atomic-write';
import { escapeLabelValue, renderMetrics, writeMetricsFile } from './prometheus';
import { backup, copy } from './test-records.fixture';

const NOW = new Date('2025-10-28T06:00:00Z');

const fixture = [
  backup({ id: 'b1', startedAt: '2025-10-26T21:00:00Z', finishedAt: '2025-10-26T21:01:00Z', storedBytes: 1000, copies: [copy('folder:/nas', 'present'), copy('s3:offsite', 'present')] }),
  backup({
    id: 'b2',
    startedAt: '2025-10-27T21:00:00Z',
    finishedAt: '2025-10-27T21:01:30.500Z',
    storedBytes: 2048,
    copies: [copy('folder:/nas', 'present'), copy('s3:offsite', 'failed')],
  }),
  backup({ id: 'b3', status: 'failed', startedAt: '2025-10-28T03:00:00Z', finishedAt: '2025-10-28T03:00:05Z', error: { code: 'PG_UNREACHABLE', message: 'down' }, copies: [copy('folder:/nas', 'failed')] }),
  backup({ id: 'b4', status: 'running', startedAt: '2025-10-28T05:59:00Z' }),
  backup({ id: 'c1', job: 'weekly', database: 'crm', status: 'interrupted', startedAt: '2025-10-20T01:00:00Z', finishedAt: '2025-10-20T01:10:00Z' }),
];

describe('renderMetrics', () => {
  const text = renderMetrics(fixture, NOW);
  const lines = text.split('\n');

  it('reports the newest success, its size and duration, and whether the newest finished run succeeded', () => {
    expect(lines).toContain('lifeboat_last_success_timestamp_seconds{job="nightly",database="shop"} 1761598890.5');
    expect(lines).toContain('lifeboat_last_backup_size_bytes{job="nightly",database="shop"} 2048');
    expect(lines).toContain('lifeboat_last_backup_duration_seconds{job="nightly",database="shop"} 90.5');
    // b3 failed after b2 succeeded; the running b4 does not count yet.
    expect(lines).toContain('lifeboat_last_backup_success{job="nightly",database="shop"} 0');
    expect(lines).toContain('lifeboat_metrics_generated_timestamp_seconds 1761631200');
  });

  it('gives a never-successful series timestamp 0 and no size or duration', () => {
    expect(lines).toContain('lifeboat_last_success_timestamp_seconds{job="weekly",database="crm"} 0');
    expect(lines).toContain('lifeboat_last_backup_success{job="weekly",database="crm"} 0');
    expect(lines.filter((l) => l.includes('database="crm"') && /size_bytes|duration_seconds/.test(l))).toEqual([]);
  });

  it('counts copies of succeeded backups per destination and status, zeros included', () => {
    const copies = lines.filter((l) => l.startsWith('lifeboat_backup_copies{'));
    expect(copies).toEqual([
      'lifeboat_backup_copies{job="nightly",database="shop",destination="folder:/nas",status="writing"} 0',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="folder:/nas",status="present"} 2',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="folder:/nas",status="failed"} 0',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="folder:/nas",status="missing"} 0',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="folder:/nas",status="corrupt"} 0',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="s3:offsite",status="writing"} 0',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="s3:offsite",status="present"} 1',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="s3:offsite",status="failed"} 1',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="s3:offsite",status="missing"} 0',
      'lifeboat_backup_copies{job="nightly",database="shop",destination="s3:offsite",status="corrupt"} 0',
    ]);
  });

  it('counts backups by status', () => {
    expect(lines).toContain('lifeboat_backups_total{job="nightly",database="shop",status="succeeded"} 2');
    expect(lines).toContain('lifeboat_backups_total{job="nightly",database="shop",status="failed"} 1');
    expect(lines).toContain('lifeboat_backups_total{job="nightly",database="shop",status="running"} 1');
    expect(lines).toContain('lifeboat_backups_total{job="nightly",database="shop",status="cancelled"} 0');
    expect(lines).toContain('lifeboat_backups_total{job="weekly",database="crm",status="interrupted"} 1');
  });

  it('writes HELP and TYPE once per family, before its samples, and ends with a line feed', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    const families = lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(families).toEqual([
      'lifeboat_last_success_timestamp_seconds',
      'lifeboat_last_backup_size_bytes',
      'lifeboat_last_backup_duration_seconds',
      'lifeboat_last_backup_success',
      'lifeboat_backup_copies',
      'lifeboat_backups_total',
      'lifeboat_metrics_generated_timestamp_seconds',
    ]);
    for (const name of families) {
      const help = lines.indexOf(lines.find((l) => l.startsWith(`# HELP ${name} `))!);
      expect(lines[help + 1]).toBe(`# TYPE ${name} gauge`);
      const samples = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
      expect(samples.length).toBeGreaterThan(0);
      // Samples of one family are contiguous, right after its TYPE line.
      expect(samples.map(([, i]) => i)).toEqual(samples.map((_, k) => help + 2 + k));
    }
  });

  it('renders only the generated timestamp for an empty catalog', () => {
    expect(renderMetrics([], NOW)).toBe(
      '# HELP lifeboat_metrics_generated_timestamp_seconds Unix time Lifeboat wrote these metrics.\n# TYPE lifeboat_metrics_generated_timestamp_seconds gauge\nlifeboat_metrics_generated_timestamp_seconds 1761631200\n',
    );
  });

  it('escapes backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const odd = renderMetrics([backup({ id: 'x', job: 'night"ly', database: 'we\\ird\nname', startedAt: '2025-10-27T21:00:00Z', finishedAt: '2025-10-27T21:00:10Z', storedBytes: 5 })], NOW);
    expect(odd.split('\n')).toContain('lifeboat_last_backup_size_bytes{job="night\\"ly",database="we\\\\ird\\nname"} 5');
    // The raw newline never splits a sample line.
    for (const line of odd.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \S+ .+|[a-z_]+(\{.*\})? \S+)$/);
  });
});

describe('writing the textfile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-prom-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file atomically, readable by node_exporter, leaving no temp file', async () => {
    const file = path.join(dir, 'lifeboat.prom');
    await writeMetricsFile(file, renderMetrics(fixture, NOW));
    await writeMetricsFile(file, 'lifeboat_metrics_generated_timestamp_seconds 1\n');
    expect(readFileSync(file, 'utf8')).toBe('lifeboat_metrics_generated_timestamp_seconds 1\n');
    expect(readdirSync(dir)).toEqual(['lifeboat.prom']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('refuses a name the textfile collector would ignore', async () => {
    await expect(writeMetricsFile(path.join(dir, 'lifeboat.txt'), 'x\n')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes its temp file when the rename fails, and creates nothing for a missing folder', async () => {
    const target = path.join(dir, 'report.html');
    mkdirSync(target); // renaming a file over a directory fails
    await expect(atomicWriteFile(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['report.html']);
    await expect(writeMetricsFile(path.join(dir, 'missing', 'lifeboat.prom'), 'x\n')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('writes reports 0600 by default', async () => {
    const file = path.join(dir, 'report.csv');
    await atomicWriteFile(file, Buffer.from('a,b\r\n'));
    expect(readFileSync(file, 'utf8')).toBe('a,b\r\n');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
