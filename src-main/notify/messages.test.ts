import { describe, expect, it } from 'vitest';
import { renderMessage } from './messages';
import { everyEvent, failedEvent, LEAKY_ERROR } from './test-fixtures';

const UTC = { timeZone: 'UTC' };
const events = everyEvent();

describe('renderMessage', () => {
  it('backup succeeded: where, when, how big, nothing to do', () => {
    const m = renderMessage(events['backup-succeeded'], UTC);
    expect(m.severity).toBe('info');
    expect(m.title).toBe('Backup of shop succeeded');
    expect(m.text).toBe('The "nightly" job backed up the database shop at 2026-03-04 02:04 UTC to nas and b2-offsite (12.5 MB stored). Nothing to do.');
    expect(m.fix).toBeNull();
    expect(m.fields).toContainEqual(['Destinations', 'nas and b2-offsite']);
    expect(m.fields).toContainEqual(['Duration', '4 min']);
    expect(m).toMatchObject({ kind: 'backup-succeeded', job: 'nightly', database: 'shop' });
  });

  it('backup failed: the error, the fix, and the run of failures', () => {
    const first = renderMessage(events['backup-failed'], UTC);
    expect(first.severity).toBe('error');
    expect(first.title).toBe('Backup of shop failed');
    expect(first.text).toContain('The "nightly" job could not back up the database shop (started 2026-03-04 02:00 UTC, destinations: nas and b2-offsite).');
    expect(first.text).toContain('What to do: Check that PostgreSQL is running on db.office.lan');
    expect(first.fix).toBe(LEAKY_ERROR.fix);
    expect(first.fields).toContainEqual(['Problem', 'The PostgreSQL server cannot be reached']);
    expect(first.fields).toContainEqual(['Last good backup', '2026-03-03 02:05 UTC']);

    const third = renderMessage(failedEvent({ consecutiveFailures: 3, failingSince: '2026-03-02T02:00:00.000Z' }), UTC);
    expect(third.text).toContain('This is failure 3 in a row since 2026-03-02 02:00 UTC; the last good backup is from 2026-03-03 02:05 UTC.');

    const never = renderMessage(failedEvent({ lastSuccessAt: null, error: { code: 'X', message: 'boom', fix: null } }), UTC);
    expect(never.text).toContain('Boom. There is no successful backup of this database yet. What to do: Open Lifeboat');
  });

  it('backup recovered: says it works again after N failures', () => {
    const m = renderMessage(events['backup-recovered'], UTC);
    expect(m.severity).toBe('info');
    expect(m.title).toBe('Backup of shop works again');
    expect(m.text).toContain('after 2 failed attempts since 2026-03-03 02:00 UTC. Nothing more to do.');
  });

  it('backup degraded: names the failed destination and the repair', () => {
    const m = renderMessage(events['backup-degraded'], UTC);
    expect(m.severity).toBe('warning');
    expect(m.title).toBe('Backup of shop is missing a copy on b2-offsite');
    expect(m.text).toContain('but copying it to b2-offsite failed (b2-offsite: The storage service cannot be reached).');
    expect(m.text).toContain('The backup is safe on nas');
    expect(m.fix).toContain('lifeboat copies sync');
  });

  it('restore finished: clean, and with mismatching tables', () => {
    const clean = renderMessage(events['restore-finished'], UTC);
    expect(clean.severity).toBe('info');
    expect(clean.title).toBe('Restore of shop into shop_restored finished');
    expect(clean.text).toContain('restored into the new database shop_restored in 1 min 35 s');
    expect(clean.text).toContain('All 42 tables checked have the row counts recorded at backup time.');
    const bad = renderMessage({ ...events['restore-finished'], mismatchedTables: 2 }, UTC);
    expect(bad.severity).toBe('warning');
    expect(bad.text).toContain('2 tables of 42 have a different row count');
    expect(bad.fix).toContain('Compare the 2 tables');
  });

  it('restore failed: existing databases untouched, default fix', () => {
    const m = renderMessage(events['restore-failed'], UTC);
    expect(m.severity).toBe('error');
    expect(m.text).toContain('pg_restore: out of disk space. Your existing databases were not changed.');
    expect(m.fix).toContain('enough free disk space');
  });

  it('drill failed, as an event and as an alert', () => {
    const m = renderMessage(events['drill-failed'], UTC);
    expect(m.title).toBe('Restore test of shop failed');
    expect(m.text).toContain('restore test (drill) of the backup of shop from 2026-03-04 02:00 UTC (job "nightly") failed.');
    expect(m.text).toContain('might not restore when you need it');
    const a = renderMessage(events['alert-drill-failed'], UTC);
    expect(a.text).toContain('failed at 2026-03-04 03:00 UTC.');
    expect(a.fix).toContain('take a fresh backup now');
  });

  it('alerts say what is wrong and what to do', () => {
    const old = renderMessage(events['alert-no-recent-backup'], UTC);
    expect(old.title).toBe('No backup of shop for 47 hours');
    expect(old.text).toContain('finished at 2026-03-02 02:05 UTC, 47 hours ago; backups are expected at least every 26 hours.');
    expect(old.fix).toContain('switched on and awake');

    const size = renderMessage(events['alert-size-anomaly'], UTC);
    expect(size.title).toBe('Backup of shop is 67% smaller than usual');
    expect(size.text).toContain('stored 4.0 MB, while the median of the last 6 backups over 7 days is 12.0 MB');
    expect(size.fix).toContain('emptied or dropped tables');
    expect(size.fields).toContainEqual(['Change', '-67%']);

    const unreachable = renderMessage(events['alert-destination-unreachable'], UTC);
    expect(unreachable.title).toBe('Destination nas cannot be reached');
    expect(unreachable.text).toContain('Backups cannot be copied there until this is fixed. What to do: Switch the NAS on');
    expect(unreachable.job).toBeNull();

    const copies = renderMessage(events['alert-copy-problem'], UTC);
    expect(copies.title).toBe('2 copies of shop on nas are damaged');
    expect(copies.text).toContain('found 2 backups taken between 2026-03-01 02:00 UTC and 2026-03-02 02:00 UTC');
    expect(copies.text).toContain('A good copy still exists on another destination.');
    expect(copies.severity).toBe('warning');
    const lost = renderMessage({ ...events['alert-copy-problem'], goodCopyElsewhere: false, status: 'missing', backupIds: ['b1'] }, UTC);
    expect(lost.title).toBe('A copy of shop on nas is missing');
    expect(lost.severity).toBe('error');
    expect(lost.fix).toContain('run the job now for a fresh backup');

    const space = renderMessage(events['alert-low-space'], UTC);
    expect(space.title).toBe('Destination nas is almost full');
    expect(space.text).toContain('Only 3.0 GB of 100 GB (3%) is free on the destination nas. The next backups there need about 2.0 GB.');
  });

  it('masks secrets inside error messages and fields', () => {
    for (const event of [failedEvent(), { ...everyEvent()['restore-failed'], error: { ...LEAKY_ERROR } }]) {
      const m = renderMessage(event, UTC);
      const all = JSON.stringify(m);
      expect(all).not.toContain('Sup3rS3cret');
      expect(all).toContain('postgres://backup:***@db.office.lan');
    }
    const other = renderMessage(failedEvent({ error: { code: 'X', message: 'host=db password=hunter2 user=x; see https://u:tok3n@api.example.com/x', fix: null } }), UTC);
    expect(JSON.stringify(other)).not.toMatch(/hunter2|tok3n/);
  });
});
