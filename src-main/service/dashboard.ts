// The dashboard's job cards and the tray state, from one set of facts so they always agree:
// a card is red when the last run failed or an alert is active for the job, amber when a copy
// is missing, the newest good backup is too old or the recovery kit of its key was not saved,
// blue while it runs, green otherwise. The tray shows the worst card.
import type { ChartPoint, JobCard, JobStatus, TrayState, WorkItem } from '../../src-shared/api';
import type { BackupRecord } from '../../src-shared/types';
import type { JobRecord } from '../catalog/jobs-repo';
import { DEFAULT_MAX_AGE_HOURS } from '../notify/alerts';
import { nextRuns } from '../schedule/next-runs';
import { describeSchedule, validateSchedule, type Schedule } from '../schedule/presets';
import { isoWithOffset } from '../records/zoned-time';
import type { ServiceContext } from './context';
import { DashboardQuery } from './dashboard-query';
import { destinationIdOfSpec } from './destination-views';
import { pausedUntil, SETTING_KEYS, unsavedKitRecipients } from './settings-store';

const HOUR = 3600_000;
const CHART_DAYS = 30;

export interface DashboardFacts {
  jobs: JobCard[];
  chart: ChartPoint[];
  work: WorkItem[];
  pausedUntil: string | null;
  recoveryKitSaved: boolean;
}

export function collectDashboard(ctx: ServiceContext, options: { chart?: boolean } = {}): DashboardFacts {
  const { core } = ctx;
  const now = ctx.now();
  const query = new DashboardQuery(core.catalogDb);
  const work = ctx.work.list();
  const snapshot = ctx.runtime.queue.snapshot;
  const drilling = new Set(snapshot.drilling);
  const running = new Set([...snapshot.running.filter((job) => !drilling.has(job)), ...work.filter((w) => w.kind === 'backup' && w.job).map((w) => w.job!)]);
  const alerts = core.settings.get<string[]>(SETTING_KEYS.alertsActive) ?? [];
  const unsaved = unsavedKitRecipients(core);
  const paused = pausedUntil(core, now);
  const jobs = core.jobs.list().map((job) => jobCard(ctx, query, job, { now, running: running.has(job.config.name), drilling: drilling.has(job.config.name), alerts, unsaved, pausedUntil: paused }));
  const chart = options.chart === false ? [] : chartPoints(query, now);
  return { jobs, chart, work, pausedUntil: paused, recoveryKitSaved: unsaved.size === 0 };
}

interface CardFacts {
  now: Date;
  running: boolean;
  /** A restore drill of the job is running (not a backup). */
  drilling: boolean;
  alerts: readonly string[];
  unsaved: ReadonlySet<string>;
  pausedUntil: string | null;
}

function jobCard(ctx: ServiceContext, query: DashboardQuery, job: JobRecord, facts: CardFacts): JobCard {
  const { config, state } = job;
  const name = config.name;
  const schedule = validateSchedule(config.schedule as Schedule);
  const now = facts.now;

  const databases = databasesOf(query, job, now);
  const latestIds = databases.map((db) => query.latestGoodId(name, db));
  const latest = ctx.history.byIds(latestIds.filter((id): id is string => id !== undefined));
  const latestByDb = new Map(latest.map((b) => [b.database, b]));

  // The weakest database decides: "last good" is the oldest of the newest good backups.
  const weakest = latest.reduce<BackupRecord | undefined>((w, b) => (!w || goodAt(b) < goodAt(w) ? b : w), undefined);
  const lastGood = weakest ? { backupId: weakest.id, at: goodAt(weakest), ageHours: round1((now.getTime() - Date.parse(goodAt(weakest))) / HOUR) } : null;
  const lastRun = state.lastOutcome && state.lastFinishedAt ? { at: state.lastFinishedAt, outcome: state.lastOutcome } : null;

  const destinations = config.destinations.map((spec) => ({ name: spec, state: destinationState(ctx, spec, databases, latestByDb, facts.alerts) }));

  const from = facts.pausedUntil && Date.parse(facts.pausedUntil) > now.getTime() ? new Date(facts.pausedUntil) : now;
  const upcoming = job.paused ? [] : nextRuns(schedule, from, 3);
  const nextRun = upcoming[0] ? isoWithOffset(upcoming[0], schedule.timeZone) : null;

  // Problems, worst first; the first one of the worst kind is the status text.
  const errors: string[] = [];
  const warnings: string[] = [];
  if (state.lastOutcome === 'failed') {
    const attempt = query.latestAttempt(name);
    const why = attempt?.status === 'failed' && attempt.errorMessage ? `: ${attempt.errorMessage}` : '.';
    errors.push(`The last run failed${state.consecutiveFailures > 1 ? ` (${state.consecutiveFailures} times in a row)` : ''}${why}`);
  }
  for (const alert of alertsFor(name, facts.alerts)) errors.push(alert);
  const degraded = latest.filter((b) => b.health === 'degraded');
  if (degraded.length > 0) warnings.push(`Not every destination holds a good copy of the newest backup of ${degraded.map((b) => b.database).join(', ')}; the next run repairs it.`);
  const limitHours = staleLimitHours(schedule, now);
  const since = Date.parse(job.createdAt);
  const stale = databases.filter((db) => {
    const b = latestByDb.get(db);
    const reference = b ? Date.parse(goodAt(b)) : since;
    return (now.getTime() - reference) / HOUR > limitHours;
  });
  if (!job.paused && stale.length > 0) {
    warnings.push(`No good backup of ${stale.join(', ')} for more than ${Math.round(limitHours)} hours.`);
  } else if (!job.paused && databases.length === 0 && (now.getTime() - since) / HOUR > limitHours) {
    warnings.push(`No good backup for more than ${Math.round(limitHours)} hours.`);
  }
  if (config.encryption.kind === 'x25519' && config.encryption.recipients.some((r) => facts.unsaved.has(r))) {
    warnings.push('The recovery kit of its key was not saved yet: without it, a lost computer means unreadable backups.');
  }

  let status: JobStatus;
  let statusText: string;
  if (job.paused && !facts.running) {
    status = 'paused';
    statusText = `Paused${lastGood ? `; last good backup ${ago(lastGood.ageHours)}` : ''}.`;
  } else if (errors.length > 0) {
    status = 'error';
    statusText = errors[0]!;
  } else if (warnings.length > 0) {
    status = 'warning';
    statusText = warnings[0]!;
  } else if (facts.running) {
    status = 'running';
    statusText = 'Backing up now.';
  } else if (facts.drilling) {
    status = 'running';
    statusText = 'Testing that the latest backup restores (restore drill).';
  } else if (!lastGood) {
    status = 'idle';
    statusText = nextRun ? `No backup yet; the first one runs ${nextRun}.` : 'No backup yet.';
  } else {
    status = 'ok';
    statusText = `Last good backup ${ago(lastGood.ageHours)}${destinations.length > 1 ? `, on all ${destinations.length} destinations` : ''}.`;
  }
  if (facts.running && (status === 'error' || status === 'warning')) statusText += ' Running again now.';

  return {
    name,
    paused: job.paused,
    status,
    statusText,
    schedule: describeSchedule(schedule),
    nextRun,
    databases,
    lastGood,
    lastRun,
    destinations,
    lastVerifiedRestore: query.lastRestoreDrill(name),
  };
}

/** A list job's databases; a whole-server job's are those its latest run attempted (else the last 30 days'). */
function databasesOf(query: DashboardQuery, job: JobRecord, now: Date): string[] {
  const sel = job.config.source.databases;
  if (sel.mode === 'list') return sel.names;
  const exclude = new Set(sel.exclude);
  const fromLastRun = job.state.lastStartedAt ? query.databasesSince(job.config.name, job.state.lastStartedAt) : [];
  const found = fromLastRun.length > 0 ? fromLastRun : query.databasesSince(job.config.name, new Date(now.getTime() - CHART_DAYS * 24 * HOUR).toISOString());
  return found.filter((d) => !exclude.has(d));
}

function destinationState(ctx: ServiceContext, spec: string, databases: string[], latestByDb: Map<string, BackupRecord>, alerts: readonly string[]): JobCard['destinations'][number]['state'] {
  const id = destinationIdOfSpec(ctx.core, spec);
  if (!id) return /^[A-Za-z][A-Za-z0-9_-]*$/.test(spec) ? 'missing' : 'unknown';
  if (alerts.some((a) => a === `alert-destination-unreachable|${id}` || a === `alert-low-space|${id}`)) return 'degraded';
  const copies = databases.map((db) => latestByDb.get(db)?.copies.find((c) => c.destinationId === id));
  if (copies.some((c) => c && c.status !== 'present' && c.status !== 'writing')) return 'degraded';
  if (copies.length > 0 && copies.every((c) => c?.status === 'present')) return 'ok';
  return 'unknown';
}

const ALERT_TEXT: Record<string, (database: string) => string> = {
  'alert-no-recent-backup': (db) => `Alert: no recent good backup of ${db}.`,
  'alert-size-anomaly': (db) => `Alert: the newest backup of ${db} is much bigger or smaller than usual.`,
  'alert-copy-problem': (db) => `Alert: a copy of a backup of ${db} is missing or damaged.`,
  'alert-drill-failed': (db) => `Alert: the last restore drill of ${db} failed.`,
};

/** Active alerts (keys "kind|job|database|…", see eventSubject) about this job. */
function alertsFor(job: string, alerts: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of alerts) {
    const [kind = '', alertJob, database = ''] = key.split('|');
    if (alertJob !== job) continue;
    out.push((ALERT_TEXT[kind] ?? ((db: string) => `Alert about ${db || 'this job'}.`))(database));
  }
  return out;
}

/** 26 hours for daily or more frequent jobs; two hours more than the longest gap between runs otherwise. */
function staleLimitHours(schedule: Schedule, now: Date): number {
  const runs = nextRuns(schedule, now, 4);
  let gap = 0;
  for (let i = 1; i < runs.length; i++) gap = Math.max(gap, (runs[i]!.getTime() - runs[i - 1]!.getTime()) / HOUR);
  return Math.max(DEFAULT_MAX_AGE_HOURS, gap + 2);
}

function goodAt(b: BackupRecord): string {
  return b.finishedAt ?? b.startedAt;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function ago(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min ago`;
  if (hours < 48) return `${Math.round(hours)} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

function chartPoints(query: DashboardQuery, now: Date): ChartPoint[] {
  const since = new Date(now.getTime() - CHART_DAYS * 24 * HOUR).toISOString();
  return query.succeededSince(since).map((b) => ({
    date: b.startedAt,
    job: b.job,
    database: b.database,
    storedBytes: b.storedBytes ?? 0,
    durationSeconds: b.finishedAt ? Math.max(0, (Date.parse(b.finishedAt) - Date.parse(b.startedAt)) / 1000) : 0,
  }));
}

// ---------- tray ----------

const RANK: Record<JobStatus, number> = { error: 4, warning: 3, running: 2, ok: 1, idle: 0, paused: 0 };

/** The tray is the worst job card; work that is not a job run (a restore, a verify) shows as running. */
export function trayFrom(cards: readonly JobCard[], work: readonly WorkItem[]): { state: TrayState; tooltip: string } {
  let worst: JobCard | undefined;
  for (const card of cards) if (!worst || RANK[card.status] > RANK[worst.status]) worst = card;
  const rank = worst ? RANK[worst.status] : 0;
  const otherWork = work.filter((w) => w.kind !== 'backup');
  if (rank >= RANK.warning) {
    const count = cards.filter((c) => c.status === worst!.status).length;
    const state: TrayState = worst!.status === 'error' ? 'error' : 'warning';
    return { state, tooltip: `Lifeboat: ${count === 1 ? `${worst!.name} needs` : `${count} jobs need`} attention — ${worst!.name}: ${worst!.statusText}` };
  }
  if (rank === RANK.running || otherWork.length > 0) {
    const names = [...new Set(work.map((w) => describeWork(w)))];
    return { state: 'running', tooltip: `Lifeboat: ${names.length > 0 ? names.join(', ') : 'backing up'}…` };
  }
  if (rank === RANK.ok) {
    const ok = cards.filter((c) => c.status === 'ok');
    const newest = Math.min(...ok.map((c) => c.lastGood?.ageHours ?? Infinity));
    const who = ok.length < cards.length ? `${ok.length} of ${cards.length} jobs are` : ok.length === 1 ? `${ok[0]!.name} is` : `all ${ok.length} jobs are`;
    return { state: 'ok', tooltip: `Lifeboat: ${who} OK; newest good backup ${ago(newest)}.` };
  }
  if (cards.length === 0) return { state: 'idle', tooltip: 'Lifeboat: no backup jobs yet.' };
  return { state: 'idle', tooltip: cards.every((c) => c.status === 'paused') ? 'Lifeboat: every job is paused.' : 'Lifeboat: waiting for the first backups.' };
}

function describeWork(w: WorkItem): string {
  if (w.kind === 'restore') return `restoring ${w.database ?? 'a backup'}`;
  if (w.kind === 'verify') return `verifying ${w.database ?? 'a backup'}`;
  return `backing up ${w.database ?? w.job ?? ''}`.trim();
}
