import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobsRepo } from '../src-main/catalog/jobs-repo';
import { openCatalogDb } from '../src-main/catalog/open-catalog';
import { describeDrill, nextDrill } from '../src-main/drills/drill-schedule';
import { jobConfigSchema, type JobConfigInput } from './job';

/** A job as stored before restore drills existed: no `drill` key at all. */
const stored: JobConfigInput = {
  name: 'nightly',
  source: { host: 'db', user: 'backup', databases: { mode: 'list', names: ['shop'] } },
  schedule: { spec: { kind: 'daily', time: '02:30' }, timeZone: 'Europe/Berlin' },
  destinations: ['nas'],
  encryption: { kind: 'public-key', recipients: ['age1qqqq'] },
};

describe('job config: restore drill', () => {
  it('an old config without a drill parses, with drills on, weekly on Sunday at 04:00, in a local sandbox', () => {
    const config = jobConfigSchema.parse(stored);
    expect(config.drill).toEqual({ enabled: true, schedule: { kind: 'weekly', day: 0, time: '04:00' }, sandbox: 'local' });
    // Each job gets its own copy of the default: changing one never changes another.
    config.drill.schedule = { kind: 'daily', time: '01:00' };
    expect(jobConfigSchema.parse(stored).drill.schedule).toEqual({ kind: 'weekly', day: 0, time: '04:00' });
  });

  it('fills what a partial drill leaves out, and refuses unknown sandboxes and schedules', () => {
    expect(jobConfigSchema.parse({ ...stored, drill: { enabled: false } }).drill).toEqual({ enabled: false, schedule: { kind: 'weekly', day: 0, time: '04:00' }, sandbox: 'local' });
    expect(jobConfigSchema.parse({ ...stored, drill: { sandbox: 'source-server' } }).drill.sandbox).toBe('source-server');
    expect(jobConfigSchema.safeParse({ ...stored, drill: { sandbox: 'cloud' } }).success).toBe(false);
    expect(jobConfigSchema.safeParse({ ...stored, drill: { schedule: { kind: 'fortnightly' } } }).success).toBe(false);
  });

  it('the drill runs in the job’s time zone: the next one after a Saturday noon is Sunday 04:00 Berlin time', () => {
    const config = jobConfigSchema.parse(stored);
    expect(nextDrill(config, new Date('2026-06-06T10:00:00Z'))?.toISOString()).toBe('2026-06-07T02:00:00.000Z');
    expect(describeDrill(config)).toBe('Every Sunday at 04:00 (Europe/Berlin), in a throwaway PostgreSQL cluster on this machine');
    expect(describeDrill({ ...config, drill: { ...config.drill, enabled: false } })).toBe('off');
  });

  it('a job row stored before drills existed loads from the catalog; a bad drill schedule is refused naming the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-job-'));
    const db = openCatalogDb(dir);
    try {
      const now = new Date().toISOString();
      db.prepare('INSERT INTO jobs (name, config, paused, created_at, updated_at) VALUES (?, ?, 0, ?, ?)').run('nightly', JSON.stringify(stored), now, now);
      db.prepare('INSERT INTO job_state (job) VALUES (?)').run('nightly');
      const jobs = new JobsRepo(db);
      expect(jobs.require('nightly').config.drill).toEqual({ enabled: true, schedule: { kind: 'weekly', day: 0, time: '04:00' }, sandbox: 'local' });
      expect(() => jobs.update('nightly', { ...stored, drill: { schedule: { kind: 'daily', time: '25:00' } } })).toThrow(
        expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/^The restore drill schedule is not valid: The time "25:00"/), details: { field: 'drill.schedule' } }),
      );
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
