import { describe, expect, it } from 'vitest';
import { detectTimeJump, ManualClock, systemClock, TimeJumpWatcher } from './clock';

const HOUR = 3_600_000;

describe('time jump detection', () => {
  it('normal progress and small drift are not jumps', () => {
    expect(detectTimeJump(1_000_000, 50, 1_030_000, 30_050, 5_000)).toEqual({ jumped: false, deltaMs: 0 });
    expect(detectTimeJump(1_000_000, 50, 1_030_250, 30_050, 5_000)).toEqual({ jumped: false, deltaMs: 250 });
  });

  it('a sleep shows as wall time racing ahead of monotonic time', () => {
    expect(detectTimeJump(0, 0, 3 * 24 * HOUR + 30_000, 30_000, 5_000)).toEqual({ jumped: true, deltaMs: 3 * 24 * HOUR });
  });

  it('a clock set back shows as a negative delta', () => {
    expect(detectTimeJump(10 * HOUR, 0, 9 * HOUR + 60_000, 60_000, 5_000)).toEqual({ jumped: true, deltaMs: -HOUR });
  });

  it('the watcher compares each tick with the one before', () => {
    const clock = new ManualClock(new Date('2026-01-10T00:00:00Z'));
    const watcher = new TimeJumpWatcher(clock, 5_000);
    clock.advance(30_000);
    expect(watcher.check().jumped).toBe(false);
    clock.sleep(8 * HOUR);
    clock.advance(30_000);
    expect(watcher.check()).toEqual({ jumped: true, deltaMs: 8 * HOUR });
    clock.advance(30_000);
    expect(watcher.check().jumped).toBe(false);
    clock.setWall(new Date('2026-01-10T07:00:00Z'));
    expect(watcher.check()).toMatchObject({ jumped: true });
    expect(watcher.check()).toEqual({ jumped: false, deltaMs: 0 });
  });

  it('the system clock has a monotonic reading that moves forward', async () => {
    const before = systemClock.monotonicMs();
    const wall = systemClock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(systemClock.monotonicMs()).toBeGreaterThan(before);
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(1000);
    expect(new TimeJumpWatcher(systemClock).check().jumped).toBe(false);
    expect(wall).toBeGreaterThan(0);
  });
});
