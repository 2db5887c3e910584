// The core as a service for the hosts (the desktop app, `lifeboat serve`): one LifeboatCore, a
// job runtime (queue + scheduler), running work with live progress, typed events, and one call
// entry point that validates every request and never throws.
import os from 'node:os';
import type { ApiEnvelope, ApiEventName, ApiEvents, ApiMethod, TrayState } from '../../src-shared/api';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import { LifeboatCore } from '../core';
import { checkAlerts } from '../jobs/check-alerts';
import { createJobRuntime } from '../jobs/runtime';
import { tidyRestoreLeftovers } from './restore-leftovers';
import type { MonotonicClock } from '../schedule/clock';
import { systemClock } from '../schedule/clock';
import type { SecretStore } from '../secrets/secret-store';
import type { ServiceContext } from './context';
import { collectDashboard, trayFrom } from './dashboard';
import { desktopNotifications } from './desktop-notifications';
import { EventBus } from './events';
import { HANDLERS } from './handlers';
import type { Handler } from './handlers/types';
import { HistoryQuery } from './history-query';
import { trackJobRuns } from './job-work';
import { RecoveryKits } from './kits';
import type { LifeboatService, ServiceHostHooks } from './service-types';
import { SETTING_KEYS } from './settings-store';
import { checkRequest } from './validate';
import { WorkTracker } from './work-tracker';

export interface ServiceOptions {
  /** Default: LIFEBOAT_HOME or the OS app-data folder. */
  dataDir?: string;
  /** The scheduler's and the dashboard's clock (tests move it). */
  clock?: MonotonicClock;
  /** How often the scheduler looks for due jobs (default 30 s). */
  tickMs?: number;
  /** Use this secret store instead of opening the OS keychain (tests: an in-memory one). */
  secrets?: SecretStore;
  /** Minimum gap between two `work` events (default 200 ms: at most five a second). */
  workThrottleMs?: number;
}

const TRAY_REFRESH_MS = 60_000;
const ALERT_CHECK_MS = 3600_000;
const FIRST_ALERT_CHECK_MS = 60_000;
/** Cancelled work normally ends within a second or two; shutdown does not wait forever. */
const CLOSE_WAIT_MS = 30_000;

async function withTimeout(promise: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve();
    }, ms);
  });
  await Promise.race([promise.then(() => undefined), timeout]);
  clearTimeout(timer);
}

/** Who the audit log says did it: the person at this computer, through the app. */
function actor(): string {
  try {
    return `ui:${os.userInfo().username}`;
  } catch {
    return 'ui';
  }
}

export function createLifeboatService(hooks: ServiceHostHooks, options: ServiceOptions = {}): LifeboatService {
  const core = new LifeboatCore({ dataDir: options.dataDir, logScope: actor(), secrets: options.secrets });
  const clock = options.clock ?? systemClock;
  const log = core.log.scope('service');
  const events = new EventBus(log);
  const kits = new RecoveryKits();
  const history = new HistoryQuery(() => core.catalogDb);
  let closed = false;
  let schedulerStarted = false;
  let lastTray: { state: TrayState; tooltip: string } | undefined;

  const work = new WorkTracker({
    onChange: (items) => events.emit('work', { work: items }),
    onBusyChange: (busy) => {
      try {
        hooks.onBusyChange?.(busy);
      } catch (error) {
        log.warn('the host failed to handle busy/idle', { error: (error as Error).message });
      }
      refreshTray();
    },
    throttleMs: options.workThrottleMs,
    now: () => clock.now(),
  });

  const jobRuns = trackJobRuns({
    core,
    work,
    cancelJob: (job) => void runtime.queue.cancel(job),
    onRunEnded: () => {
      ctx.changed('backups');
      ctx.changed('jobs');
    },
  });
  const runtime = createJobRuntime(core, { clock, tickMs: options.tickMs, observe: jobRuns.observe });
  const desktop = desktopNotifications(core, history, hooks.desktopNotifier);

  const ctx: ServiceContext = {
    core,
    hooks,
    runtime,
    work,
    events,
    kits,
    history,
    archiveContents: new Map(),
    now: () => clock.now(),
    wakeScheduler: () => {
      if (schedulerStarted && !closed) runtime.scheduler.wake();
    },
    changed: (what) => {
      if (closed) return;
      events.emit('changed', { what });
      refreshTray();
    },
  };

  function computeTray(): { state: TrayState; tooltip: string } {
    const facts = collectDashboard(ctx, { chart: false });
    return trayFrom(facts.jobs, facts.work);
  }

  function refreshTray(): void {
    if (closed) return;
    try {
      const tray = computeTray();
      if (lastTray && lastTray.state === tray.state && lastTray.tooltip === tray.tooltip) return;
      lastTray = tray;
      events.emit('tray', tray);
    } catch (error) {
      log.warn('could not compute the tray state', { error: (error as Error).message });
    }
  }

  // Staleness grows with time alone, so the tray is looked at again every minute.
  const trayTimer = setInterval(refreshTray, TRAY_REFRESH_MS);
  trayTimer.unref?.();
  let alertTimer: NodeJS.Timeout | undefined;

  async function runAlertCheck(): Promise<void> {
    try {
      const before = JSON.stringify(core.settings.get<string[]>(SETTING_KEYS.alertsActive) ?? []);
      await checkAlerts({ backups: core.backups, jobs: core.jobs, channels: core.channels, settings: core.settings, secrets: await core.secrets(), destination: (name) => core.registry.fromSpec(name), log: core.log, now: clock.now() });
      if (JSON.stringify(core.settings.get<string[]>(SETTING_KEYS.alertsActive) ?? []) !== before) ctx.changed('jobs');
    } catch (error) {
      log.warn('alert check failed', { error: (error as Error).message });
    }
  }

  return {
    async call<M extends ApiMethod>(method: M, request: unknown): Promise<ApiEnvelope<M>> {
      const checked = checkRequest<M>(method, request);
      if (!checked.ok) return { error: checked.error };
      if (closed) return { error: new LifeboatError('CANCELLED', 'Lifeboat is shutting down.', { fix: 'Start it again.' }).toData() };
      try {
        const handler = HANDLERS[method] as Handler<M>;
        return { result: await handler(ctx, checked.request) };
      } catch (error) {
        const failure = toLifeboatError(error);
        if (failure.code === 'INTERNAL') log.error('unexpected error', { method, error: failure.message, stack: failure.stack ?? '' });
        return { error: failure.toData() };
      }
    },

    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      return events.on(event, listener);
    },

    takeRecoveryKit: (kitId) => kits.take(kitId),

    trayState() {
      try {
        lastTray = computeTray();
      } catch (error) {
        log.warn('could not compute the tray state', { error: (error as Error).message });
        lastTray ??= { state: 'error', tooltip: `Lifeboat: ${toLifeboatError(error).message}` };
      }
      return { ...lastTray };
    },

    startScheduler() {
      if (closed || schedulerStarted) return;
      schedulerStarted = true;
      runtime.scheduler.start();
      // Leftovers of restores killed with the last run: temporary archive files, temporary databases.
      void tidyRestoreLeftovers(ctx);
      // Alerts (no recent backup, damaged copies, low space) are checked hourly, as by the daemon;
      // the first check waits a minute so it does not compete with the app starting up.
      alertTimer = setTimeout(function check() {
        void runAlertCheck();
        alertTimer = setTimeout(check, ALERT_CHECK_MS);
        alertTimer.unref?.();
      }, FIRST_ALERT_CHECK_MS);
      alertTimer.unref?.();
    },

    wake() {
      ctx.wakeScheduler();
      refreshTray();
    },

    async close() {
      if (closed) return;
      closed = true;
      runtime.scheduler.stop();
      clearInterval(trayTimer);
      if (alertTimer) clearTimeout(alertTimer);
      // Running backups stop (pg_dump killed, uploads aborted, nothing half-written kept);
      // queued runs are dropped; verifies and restores are aborted (a half restore is dropped).
      for (const run of runtime.queue.snapshot.waiting) runtime.queue.cancel(run.job);
      work.cancelAll();
      for (const job of runtime.queue.snapshot.running) runtime.queue.cancel(job);
      await withTimeout(Promise.all([runtime.queue.idle(), work.idle()]), CLOSE_WAIT_MS, () => log.warn('work still running at shutdown', { work: work.list().length }));
      jobRuns.dispose();
      await desktop.dispose();
      work.close();
      kits.clear();
      events.clear();
      core.close();
    },
  };
}
