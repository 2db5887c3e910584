import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { decideDue, MISSED_COUNT_LIMIT, type DueDecision, type DueInput } from './due';
import type { Schedule } from './presets';

const at = (iso: string): Date => new Date(iso);
const MINUTE = 60_000;

/** Daily at 02:30 in Berlin: 01:30Z in winter. */
const nightly: Schedule = { spec: { kind: 'daily', time: '02:30' }, timeZone: 'Europe/Berlin', catchUp: true };
const hourly: Schedule = { spec: { kind: 'every-hours', hours: 1 }, timeZone: 'America/New_York', catchUp: true };
const CREATED = at('2026-01-01T00:00:00Z');

const decide = (input: Partial<DueInput> & Pick<DueInput, 'now'>): DueDecision =>
  decideDue({ schedule: nightly, lastScheduledFor: undefined, createdAt: CREATED, ...input });

describe('on-time runs', () => {
  it('is due at the slot, not a minute before, and never twice for the same slot', () => {
    const yesterday = at('2026-01-09T01:30:00Z');
    expect(decide({ now: at('2026-01-10T01:29:00Z'), lastScheduledFor: yesterday })).toEqual({ due: false, reason: 'not-due', missedSlots: 0 });
    const first = decide({ now: at('2026-01-10T01:30:02Z'), lastScheduledFor: yesterday });
    expect(first).toEqual({ due: true, slot: at('2026-01-10T01:30:00Z'), reason: 'scheduled', missedSlots: 0 });
    // The scheduler records the slot when the run starts; every later tick and wake sees it done.
    for (const now of ['2026-01-10T01:30:30Z', '2026-01-10T01:45:00Z', '2026-01-10T23:59:00Z']) {
      expect(decide({ now: at(now), lastScheduledFor: first.slot, lastRunStartedAt: at('2026-01-10T01:30:03Z') }).due).toBe(false);
    }
  });

  it('a run of any kind that started after the slot covers it', () => {
    const missedNight = { now: at('2026-01-10T09:00:00Z'), lastScheduledFor: at('2026-01-09T01:30:00Z') };
    expect(decide({ ...missedNight, lastRunStartedAt: at('2026-01-10T08:00:00Z') }).due).toBe(false);
    expect(decide({ ...missedNight, lastRunStartedAt: at('2026-01-10T01:00:00Z') }).due).toBe(true);
  });
});

describe('catch-up', () => {
  it('sleeping across the due time gives one late run when the machine wakes', () => {
    const lastScheduledFor = at('2026-01-09T01:30:00Z');
    const woke = decide({ now: at('2026-01-10T06:10:00Z'), lastScheduledFor });
    expect(woke).toEqual({ due: true, slot: at('2026-01-10T01:30:00Z'), reason: 'catch-up', missedSlots: 1 });
    // Woken within the grace window it is simply on time.
    expect(decide({ now: at('2026-01-10T01:31:30Z'), lastScheduledFor })).toMatchObject({ due: true, reason: 'scheduled', missedSlots: 0 });
    // No duplicate after the wake: the next tick knows that slot ran.
    expect(decide({ now: at('2026-01-10T06:11:00Z'), lastScheduledFor: woke.slot }).due).toBe(false);
  });

  it('three days off collapse into one run for the latest slot', () => {
    const decision = decide({ now: at('2026-01-10T08:00:00Z'), lastScheduledFor: at('2026-01-07T01:30:00Z') });
    expect(decision).toEqual({ due: true, slot: at('2026-01-10T01:30:00Z'), reason: 'catch-up', missedSlots: 3 });
    expect(decide({ now: at('2026-01-10T08:00:30Z'), lastScheduledFor: decision.slot }).due).toBe(false);
    expect(decide({ now: at('2026-01-11T01:30:10Z'), lastScheduledFor: decision.slot })).toMatchObject({ due: true, reason: 'scheduled', missedSlots: 0 });
  });

  it('hourly, three days off: one run, 72 missed', () => {
    const decision = decideDue({ schedule: hourly, lastScheduledFor: at('2026-01-07T10:00:00Z'), now: at('2026-01-10T10:30:00Z'), createdAt: CREATED });
    expect(decision).toEqual({ due: true, slot: at('2026-01-10T10:00:00Z'), reason: 'catch-up', missedSlots: 72 });
  });

  it('waking exactly at a slot runs it on time and reports the ones slept through', () => {
    const decision = decideDue({ schedule: hourly, lastScheduledFor: at('2026-01-10T02:00:00Z'), now: at('2026-01-10T05:00:40Z'), createdAt: CREATED });
    expect(decision).toEqual({ due: true, slot: at('2026-01-10T05:00:00Z'), reason: 'scheduled', missedSlots: 2 });
  });

  it('counting missed slots stays cheap for a minutely cron left off for a month', () => {
    const minutely: Schedule = { spec: { kind: 'cron', expression: '* * * * *' }, timeZone: 'UTC', catchUp: true };
    const started = performance.now();
    const decision = decideDue({ schedule: minutely, lastScheduledFor: at('2026-01-01T00:00:00Z'), now: at('2026-02-01T00:00:30Z'), createdAt: CREATED });
    expect(decision).toEqual({ due: true, slot: at('2026-02-01T00:00:00Z'), reason: 'scheduled', missedSlots: MISSED_COUNT_LIMIT - 1 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('across the spring change the missed slot is the 03:00 run', () => {
    const decision = decide({ now: at('2026-03-29T07:00:00Z'), lastScheduledFor: at('2026-03-28T01:30:00Z') });
    expect(decision).toEqual({ due: true, slot: at('2026-03-29T01:00:00Z'), reason: 'catch-up', missedSlots: 1 });
  });
});

describe('catch-up switched off', () => {
  const noCatchUp: Schedule = { ...nightly, catchUp: false };

  it('skips missed slots and waits for the next one', () => {
    const input = { schedule: noCatchUp, lastScheduledFor: at('2026-01-07T01:30:00Z'), createdAt: CREATED };
    expect(decideDue({ ...input, now: at('2026-01-10T08:00:00Z') })).toEqual({ due: false, reason: 'not-due', missedSlots: 3 });
    expect(decideDue({ ...input, now: at('2026-01-11T01:30:05Z') })).toEqual({
      due: true,
      slot: at('2026-01-11T01:30:00Z'),
      reason: 'scheduled',
      missedSlots: 3,
    });
  });

  it('still runs a slot that is only a little late (within the grace window)', () => {
    const input = { schedule: noCatchUp, lastScheduledFor: at('2026-01-09T01:30:00Z'), createdAt: CREATED };
    expect(decideDue({ ...input, now: at('2026-01-10T01:31:59Z') })).toMatchObject({ due: true, reason: 'scheduled' });
    expect(decideDue({ ...input, now: at('2026-01-10T01:32:01Z') }).due).toBe(false);
    expect(decideDue({ ...input, now: at('2026-01-10T01:40:00Z'), graceMs: 15 * MINUTE }).due).toBe(true);
  });
});

describe('new jobs', () => {
  it('slots before the job existed are never missed', () => {
    const createdAt = at('2026-01-10T05:00:00Z');
    expect(decide({ now: at('2026-01-10T08:00:00Z'), createdAt })).toEqual({ due: false, reason: 'not-due', missedSlots: 0 });
    expect(decide({ now: at('2026-01-11T01:30:05Z'), createdAt })).toMatchObject({ due: true, reason: 'scheduled', missedSlots: 0 });
  });

  it('a job that never ran counts from its creation', () => {
    // Created 5 Jan 00:00Z; slots 5, 6, 7, 8, 9 and 10 Jan at 01:30Z never ran.
    expect(decide({ now: at('2026-01-10T09:00:00Z'), createdAt: at('2026-01-05T00:00:00Z') })).toEqual({
      due: true,
      slot: at('2026-01-10T01:30:00Z'),
      reason: 'catch-up',
      missedSlots: 6,
    });
    // A slot at the very moment of creation counts.
    expect(decide({ now: at('2026-01-10T01:30:10Z'), createdAt: at('2026-01-10T01:30:00Z') }).due).toBe(true);
  });
});

describe('clock moved back', () => {
  it('a record from the future does not stop on-time runs', () => {
    // The clock ran two days fast when the 12 January slot was recorded, then was corrected.
    const lastScheduledFor = at('2026-01-12T01:30:00Z');
    expect(decide({ now: at('2026-01-10T01:30:30Z'), lastScheduledFor })).toEqual({
      due: true,
      slot: at('2026-01-10T01:30:00Z'),
      reason: 'scheduled',
      missedSlots: 0,
    });
    expect(decide({ now: at('2026-01-10T09:00:00Z'), lastScheduledFor }).due).toBe(false);
    // Once the run is recorded, it is done.
    expect(decide({ now: at('2026-01-10T01:31:00Z'), lastScheduledFor: at('2026-01-10T01:30:00Z'), lastRunStartedAt: at('2026-01-10T01:30:31Z') }).due).toBe(false);
  });

  it('a small step back just after a run does not repeat it', () => {
    const decision = decide({
      now: at('2026-01-10T01:29:59.500Z'),
      lastScheduledFor: at('2026-01-10T01:30:00Z'),
      lastRunStartedAt: at('2026-01-10T01:30:00.200Z'),
    });
    expect(decision.due).toBe(false);
  });
});

describe('a scheduler ticking through the night', () => {
  /** Ticks every minute like the real loop, records what ran, lets the machine sleep in between. */
  function simulate(schedule: Schedule, start: Date, end: Date, asleep: Array<[Date, Date]> = []): Array<{ slot: Date; decision: DueDecision; at: Date }> {
    const clock = new ManualClock(start);
    const runs: Array<{ slot: Date; decision: DueDecision; at: Date }> = [];
    let lastScheduledFor: Date | undefined;
    while (clock.now() < end) {
      const sleep = asleep.find(([from]) => from.getTime() === clock.now().getTime());
      if (sleep) clock.sleep(sleep[1].getTime() - sleep[0].getTime());
      const decision = decideDue({ schedule, lastScheduledFor, now: clock.now(), createdAt: start });
      if (decision.due && decision.slot) {
        runs.push({ slot: decision.slot, decision, at: clock.now() });
        lastScheduledFor = decision.slot;
      }
      clock.advance(MINUTE);
    }
    return runs;
  }

  it('daily 02:30 runs once per night across both DST changes', () => {
    const spring = simulate(nightly, at('2026-03-27T12:00:00Z'), at('2026-03-30T12:00:00Z'));
    expect(spring.map((r) => r.slot.toISOString())).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    const autumn = simulate(nightly, at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'));
    expect(autumn.map((r) => r.slot.toISOString())).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('hourly runs once per real hour through the repeated hour', () => {
    const runs = simulate(hourly, at('2026-11-01T03:30:00Z'), at('2026-11-01T09:30:00Z'));
    expect(runs.map((r) => r.slot.toISOString())).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
      '2026-11-01T09:00:00.000Z',
    ]);
    expect(runs.every((r) => r.decision.reason === 'scheduled')).toBe(true);
  });

  it('a laptop closed for two and a half days runs once on opening, then on schedule', () => {
    const runs = simulate(nightly, at('2026-01-09T12:00:00Z'), at('2026-01-13T12:00:00Z'), [[at('2026-01-10T00:00:00Z'), at('2026-01-12T06:00:00Z')]]);
    expect(runs.map((r) => [r.slot.toISOString(), r.at.toISOString(), r.decision.reason, r.decision.missedSlots])).toEqual([
      ['2026-01-12T01:30:00.000Z', '2026-01-12T06:00:00.000Z', 'catch-up', 3],
      ['2026-01-13T01:30:00.000Z', '2026-01-13T01:30:00.000Z', 'scheduled', 0],
    ]);
  });
});
