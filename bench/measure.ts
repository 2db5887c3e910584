// Timing helpers: peak-RSS sampling through /proc, medians, and the loop that runs every row
// of the benchmark N times, round-robin, so slow drift (page cache, checkpoints) spreads over
// all rows instead of penalising whichever runs last.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Polls /proc/PID/status every `intervalMs` and keeps the largest VmRSS/VmHWM seen. Samples
 * count only once /proc/PID/cmdline contains `marker`: between fork and exec the child is a
 * copy of this process, and its RSS would be ours, not the measured program's.
 */
export class PeakRssSampler {
  private peakKb = 0;
  private execed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly marker: string,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    try {
      if (!this.execed) {
        this.execed = readFileSync(`/proc/${this.pid}/cmdline`, 'utf8').includes(this.marker);
        if (!this.execed) return;
      }
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      for (const match of status.matchAll(/^(?:VmHWM|VmRSS):\s+(\d+)\s+kB/gm)) {
        this.peakKb = Math.max(this.peakKb, Number(match[1]));
      }
    } catch {
      // The process has exited (or /proc is not there): keep what was seen.
    }
  }

  /** Stops polling; the peak in MB (2^20 bytes). */
  stop(): number {
    clearInterval(this.timer);
    return this.peakKb / 1024;
  }
}

/**
 * How busy the rest of the machine was while a row ran: CPU time used by processes outside
 * this benchmark's process tree (this process, PostgreSQL and every tool it spawned), as a
 * percentage of all CPUs over the interval, from /proc/stat and /proc/PID/stat. On a shared
 * machine this tells a slow run caused by a neighbour from one caused by the program.
 */
export class ForeignCpu {
  private readonly system = readSystemTicks();
  private readonly ours = readTreeTicks(process.pid);

  /** Percent of the machine's CPU capacity used by other processes since construction (undefined without /proc). */
  stop(): number | undefined {
    const system = readSystemTicks();
    const ours = readTreeTicks(process.pid);
    if (!system || !this.system || ours === undefined || this.ours === undefined) return undefined;
    const total = system.total - this.system.total;
    if (total <= 0) return undefined;
    const foreign = system.busy - this.system.busy - (ours - this.ours);
    return Math.max(0, Math.min(100, (100 * foreign) / total));
  }
}

function readSystemTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return undefined;
  }
}

/** utime+stime+cutime+cstime of `root` and all its descendants, in clock ticks. */
function readTreeTicks(root: number): number | undefined {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after "(comm) ": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    ticks.set(pid, Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
    const siblings = children.get(ppid);
    if (siblings) siblings.push(pid);
    else children.set(ppid, [pid]);
  }
  let sum = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    sum += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return sum;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One timed run of one row. */
export interface Sample {
  seconds: number;
  /** Size of what the run produced (archive, backup file), when it produces one. */
  bytes?: number;
  /** Peak resident set of the measured process, MB. */
  peakRssMb?: number;
  /** CPU used by other processes on the machine meanwhile, % of all CPUs (see ForeignCpu). */
  otherCpuPct?: number;
  /** How many times the run was made before it was quiet enough (see NoisePolicy). */
  attempts?: number;
  /** For rows whose figure is not their wall time (UI and query timings): that figure, in ms. */
  ms?: number;
  /** Why the row's figure could not be measured here (then `ms` is absent). */
  na?: string;
}

/** A row of the benchmark: something timed N times. Add rows by adding Scenarios. */
export interface Scenario<C> {
  /** Stable key used in the JSON (seconds.<key>). */
  key: string;
  /** Short tag shown in the table (a, b, … or p1, p2, …). */
  tag: string;
  label: string;
  /** Untimed work before each run (remove the previous output, create a database, …). */
  before?: (ctx: C, run: number) => Promise<void>;
  /** The timed part. */
  run: (ctx: C, run: number) => Promise<Sample>;
  /** Untimed work after each run (drop the restored database, …). */
  after?: (ctx: C, run: number) => Promise<void>;
}

export interface RowResult {
  key: string;
  tag: string;
  label: string;
  samples: Sample[];
  median: number;
  min: number;
  max: number;
  /** Median output size, when the row produces output. */
  bytes: number | undefined;
  /** Largest peak RSS over the runs, when sampled. */
  peakRssMb: number | undefined;
  /** Median CPU share other processes took while this row ran. */
  otherCpuPct: number | undefined;
  /** Median Sample.ms, when the row reports one. */
  ms: number | undefined;
  /** Sample.na of the last run, when the figure could not be measured. */
  na: string | undefined;
}

export function summarize(scenario: { key: string; tag: string; label: string }, samples: Sample[]): RowResult {
  const seconds = samples.map((s) => s.seconds);
  const sizes = samples.flatMap((s) => (s.bytes === undefined ? [] : [s.bytes]));
  const rss = samples.flatMap((s) => (s.peakRssMb === undefined ? [] : [s.peakRssMb]));
  const foreign = samples.flatMap((s) => (s.otherCpuPct === undefined ? [] : [s.otherCpuPct]));
  const ms = samples.flatMap((s) => (s.ms === undefined ? [] : [s.ms]));
  return {
    key: scenario.key,
    tag: scenario.tag,
    label: scenario.label,
    samples,
    median: median(seconds),
    min: Math.min(...seconds),
    max: Math.max(...seconds),
    bytes: sizes.length > 0 ? median(sizes) : undefined,
    peakRssMb: rss.length > 0 ? Math.max(...rss) : undefined,
    otherCpuPct: foreign.length > 0 ? median(foreign) : undefined,
    ms: ms.length > 0 ? median(ms) : undefined,
    na: samples.at(-1)?.na,
  };
}

/**
 * A shared machine (other people's test suites) makes timings swing by 2×. Before each timed
 * run the benchmark waits until the machine is quiet, and a run during which other processes
 * took more than `maxOtherCpuPct` of the CPUs is repeated (up to `retries` times), keeping
 * the quietest attempt. Both are reported: Sample.otherCpuPct and Sample.attempts.
 */
/** Default of NoisePolicy.maxOtherCpuPct; rows above it are flagged in the report. */
export const DEFAULT_MAX_OTHER_CPU_PCT = 15;

export interface NoisePolicy {
  /** Longest wait for a quiet machine before a run, seconds (0: don't wait). */
  quietWaitS: number;
  maxOtherCpuPct: number;
  retries: number;
  log: (line: string) => void;
}

/** Waits (up to policy.quietWaitS) until other processes use at most maxOtherCpuPct over one second. */
export async function waitForQuiet(policy: NoisePolicy): Promise<void> {
  if (policy.quietWaitS <= 0) return;
  const deadline = Date.now() + policy.quietWaitS * 1000;
  let announced = false;
  for (;;) {
    const foreign = new ForeignCpu();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pct = foreign.stop();
    if (pct === undefined || pct <= policy.maxOtherCpuPct) return;
    if (Date.now() >= deadline) {
      policy.log(`  machine still busy (other processes ${pct.toFixed(0)}% of the CPUs); measuring anyway`);
      return;
    }
    if (!announced) policy.log(`  waiting for a quiet machine (other processes ${pct.toFixed(0)}% of the CPUs)…`);
    announced = true;
  }
}

/** Runs `attempt` until it was quiet enough or the retries are used up; returns the quietest. */
export async function leastNoisy<T extends { otherCpuPct?: number; attempts?: number }>(
  policy: NoisePolicy,
  describe: string,
  attempt: () => Promise<T>,
): Promise<T> {
  let best: T | undefined;
  for (let n = 1; ; n++) {
    await waitForQuiet(policy);
    const result = await attempt();
    if (best === undefined || (result.otherCpuPct ?? 0) < (best.otherCpuPct ?? 0)) best = result;
    best.attempts = n;
    const noisy = (result.otherCpuPct ?? 0) > policy.maxOtherCpuPct;
    if (!noisy || n > policy.retries) return best;
    policy.log(`  ${describe}: other processes took ${result.otherCpuPct!.toFixed(0)}% of the CPUs, repeating (${n}/${policy.retries})`);
  }
}

/**
 * Runs every scenario `runs` times, round-robin (a b c … a b c …), calling `settle` after each
 * run so one row's leftovers (dirty buffers, a dropped database) don't land on the next.
 */
export async function runRounds<C>(
  scenarios: Array<Scenario<C>>,
  runs: number,
  ctx: C,
  hooks: { settle: () => Promise<void>; noise: NoisePolicy; onSample?: (scenario: Scenario<C>, run: number, sample: Sample) => void },
): Promise<RowResult[]> {
  const samples = new Map<string, Sample[]>(scenarios.map((s) => [s.key, []]));
  for (let run = 1; run <= runs; run++) {
    for (const scenario of scenarios) {
      const sample = await leastNoisy(hooks.noise, `${scenario.tag} run ${run}`, async () => {
        await scenario.before?.(ctx, run);
        const foreign = new ForeignCpu();
        const result = await scenario.run(ctx, run);
        result.otherCpuPct ??= foreign.stop();
        await scenario.after?.(ctx, run);
        await hooks.settle();
        return result;
      });
      samples.get(scenario.key)!.push(sample);
      hooks.onSample?.(scenario, run, sample);
    }
  }
  return scenarios.map((s) => summarize(s, samples.get(s.key)!));
}

/** Seconds since `start` (a process.hrtime.bigint() value). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
