import { describe, expect, it } from 'vitest';
import { Digest, mergeEvents } from './digest';
import type { NotifyEvent } from './events';
import { at, everyEvent, failedEvent, T0 } from './test-fixtures';

/** A clock the test moves by hand. */
function clock(start = T0) {
  let now = Date.parse(start);
  return { now: () => new Date(now), set: (iso: string) => (now = Date.parse(iso)) };
}

const UTC = { timeZone: 'UTC' };

describe('Digest', () => {
  it('sends the first failure at once and merges repeats into one message at the window end', () => {
    const c = clock();
    const d = new Digest({ now: c.now, render: UTC });
    const first = d.offer('mail', failedEvent());
    expect(first.action).toBe('send');
    if (first.action === 'send') expect(first.message.title).toBe('Backup of shop failed');

    c.set(at(5));
    expect(d.offer('mail', failedEvent({ time: at(5), consecutiveFailures: 2, error: { code: 'X', message: 'still down', fix: null } })).action).toBe('hold');
    c.set(at(10));
    expect(d.offer('mail', failedEvent({ time: at(10), consecutiveFailures: 3, error: { code: 'X', message: 'down again', fix: null } })).action).toBe('hold');

    c.set(at(14));
    expect(d.due()).toEqual([]);
    expect(d.nextDueAt()?.toISOString()).toBe(at(15));
    c.set(at(15));
    const [flush, ...rest] = d.due();
    expect(rest).toEqual([]);
    expect(flush!.channelId).toBe('mail');
    expect(flush!.events).toHaveLength(2);
    expect(flush!.message.kind).toBe('digest');
    expect(flush!.message.title).toBe('3 failures of shop since 02:00');
    expect(flush!.message.text).toContain('3 failures of shop since 02:00 (job "nightly"): down again');
    expect(flush!.message.severity).toBe('error');
    expect(flush!.message).toMatchObject({ job: 'nightly', database: 'shop' });
    expect(d.held('mail')).toEqual([]);
  });

  it('sends at most one message per channel per window; the digest opens the next window', () => {
    const c = clock();
    const d = new Digest({ now: c.now, windowMs: 15 * 60_000, render: UTC });
    const e = everyEvent();
    expect(d.offer('chat', e['backup-succeeded']).action).toBe('send');
    c.set(at(1));
    expect(d.offer('chat', e['alert-low-space']).action).toBe('send'); // a new problem: at once
    c.set(at(2));
    expect(d.offer('chat', { ...e['alert-low-space'], time: at(2) }).action).toBe('hold'); // the same one again
    expect(d.offer('chat', e['backup-recovered']).action).toBe('hold'); // good news waits
    c.set(at(15));
    expect(d.due()).toHaveLength(1);
    c.set(at(20));
    expect(d.offer('chat', e['backup-succeeded']).action).toBe('hold'); // window reopened by the digest
    c.set(at(30));
    const [flush] = d.due();
    expect(flush!.message.title).toBe('Backup of shop succeeded'); // a lone event keeps its own wording
    c.set(at(46));
    expect(d.due()).toEqual([]); // nothing held: the window closes
    expect(d.offer('chat', e['backup-succeeded']).action).toBe('send');
  });

  it('keeps channels apart', () => {
    const c = clock();
    const d = new Digest({ now: c.now });
    expect(d.offer('a', failedEvent()).action).toBe('send');
    expect(d.offer('b', failedEvent()).action).toBe('send');
    c.set(at(1));
    expect(d.offer('a', failedEvent({ consecutiveFailures: 2 })).action).toBe('hold');
    expect(d.held('b')).toEqual([]);
  });

  it('a first failure of another job is not held, a repeat of a run of failures is', () => {
    const c = clock();
    const d = new Digest({ now: c.now });
    d.offer('mail', failedEvent());
    c.set(at(3));
    expect(d.offer('mail', failedEvent({ job: 'hourly', database: 'crm' })).action).toBe('send');
    expect(d.offer('mail', failedEvent({ job: 'weekly', database: 'hr', consecutiveFailures: 4 })).action).toBe('hold');
  });

  it('flushAll sends whatever is held, e.g. on shutdown', () => {
    const c = clock();
    const d = new Digest({ now: c.now, render: UTC });
    expect(d.offer('mail', everyEvent()['backup-succeeded']).action).toBe('send');
    expect(d.offer('mail', everyEvent()['backup-succeeded']).action).toBe('hold');
    expect(d.offer('mail', everyEvent()['backup-recovered']).action).toBe('hold');
    const flushes = d.flushAll();
    expect(flushes).toHaveLength(1);
    expect(flushes[0]!.events).toHaveLength(2);
    expect(flushes[0]!.message.title).toBe('2 notifications from Lifeboat since 02:04');
    expect(d.flushAll()).toEqual([]);
  });
});

describe('mergeEvents', () => {
  it('one line per subject, worst severity, one title', () => {
    const e = everyEvent();
    const events: NotifyEvent[] = [failedEvent({ consecutiveFailures: 2 }), e['alert-low-space'], { ...e['alert-low-space'], time: at(7) }, e['backup-recovered']];
    const m = mergeEvents(events, UTC, Date.parse(at(15)));
    expect(m.title).toBe('4 notifications from Lifeboat since 02:01');
    expect(m.severity).toBe('error');
    expect(m.text.split('\n')).toEqual([
      '2 failures of shop since 02:00 (job "nightly"): could not connect to postgres://backup:***@db.office.lan:5432/shop: Connection refused',
      'Destination nas is almost full (2 times since 02:00).',
      '02:04: Backup of shop works again.',
      expect.stringMatching(/^What to do: Check that PostgreSQL is running/),
    ]);
    expect(m.job).toBeNull();
    expect(JSON.stringify(m)).not.toContain('Sup3rS3cret');
  });
});
