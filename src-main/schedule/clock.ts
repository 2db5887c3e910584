// Clocks the scheduler reads, injected so tests control time, and time-jump detection:
// the wall clock leaps on suspend/resume or a manual change while the monotonic clock does not.
import { performance } from 'node:perf_hooks';

export interface Clock {
  now(): Date;
}

/** A clock that also has a monotonic reading (ms, arbitrary origin, never set by anyone). */
export interface MonotonicClock extends Clock {
  monotonicMs(): number;
}

export const systemClock: MonotonicClock = {
  now: () => new Date(),
  // libuv's monotonic clock: on Linux and macOS it pauses while the machine sleeps, so a
  // wake shows up as wall time racing ahead of it.
  monotonicMs: () => performance.now(),
};

/** Timers and event-loop stalls drift by milliseconds; a sleep or a clock change is far bigger. */
export const DEFAULT_JUMP_TOLERANCE_MS = 5_000;

export interface TimeJump {
  jumped: boolean;
  /** Wall-clock progress minus monotonic progress: > 0 the wall clock leapt ahead (sleep, clock set forward), < 0 it went back. */
  deltaMs: number;
}

export function detectTimeJump(prevWallMs: number, prevMonoMs: number, wallMs: number, monoMs: number, toleranceMs: number = DEFAULT_JUMP_TOLERANCE_MS): TimeJump {
  const deltaMs = wallMs - prevWallMs - (monoMs - prevMonoMs);
  return { jumped: Math.abs(deltaMs) > toleranceMs, deltaMs };
}

/** Remembers the last reading so each tick can ask "did time jump since the last tick?". */
export class TimeJumpWatcher {
  private wallMs: number;
  private monoMs: number;

  constructor(private readonly clock: MonotonicClock, private readonly toleranceMs = DEFAULT_JUMP_TOLERANCE_MS) {
    this.wallMs = clock.now().getTime();
    this.monoMs = clock.monotonicMs();
  }

  check(): TimeJump {
    const wallMs = this.clock.now().getTime();
    const monoMs = this.clock.monotonicMs();
    const jump = detectTimeJump(this.wallMs, this.monoMs, wallMs, monoMs, this.toleranceMs);
    this.wallMs = wallMs;
    this.monoMs = monoMs;
    return jump;
  }
}

/** A clock for tests and demos: time moves only when told to. */
export class ManualClock implements MonotonicClock {
  private wallMs: number;
  private monoMs = 0;

  constructor(start: Date) {
    this.wallMs = start.getTime();
  }

  now(): Date {
    return new Date(this.wallMs);
  }

  monotonicMs(): number {
    return this.monoMs;
  }

  /** Time passes normally while the machine is awake. */
  advance(ms: number): void {
    this.wallMs += ms;
    this.monoMs += ms;
  }

  /** The machine sleeps for `ms`: the wall clock moves, the monotonic clock does not. */
  sleep(ms: number): void {
    this.wallMs += ms;
  }

  /** Someone sets the wall clock (negative = back). */
  setWall(date: Date): void {
    this.wallMs = date.getTime();
  }
}
