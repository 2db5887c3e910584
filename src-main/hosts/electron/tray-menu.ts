// The tray's pure parts: which image and tooltip a state shows, and the context menu as a
// template (status line, Open, one "Back up now" per job, pause/resume, Quit). tray.ts feeds
// it from the service and hands the template to Menu.buildFromTemplate.
import type { TrayState } from '../../../src-shared/api';

export const TRAY_STATES = ['idle', 'running', 'ok', 'warning', 'error'] as const satisfies readonly TrayState[];

/** "Until resumed" is stored as a far-future date, as `lifeboat pause` does. */
export const PAUSED_UNTIL_RESUMED = '9999-12-31T00:00:00.000Z';
export const ONE_HOUR_MS = 60 * 60 * 1000;
/** Windows cuts tray tooltips at 127 characters. */
const MAX_TOOLTIP = 127;
/** Past this many jobs, "Back up now" becomes a submenu. */
const MAX_FLAT_JOBS = 5;

/** The image for a state; Electron picks `<state>@2x.png` beside it on high-DPI screens. */
export function trayImageFile(state: TrayState): string {
  return `${state}.png`;
}

export function trayTooltip(tooltip: string): string {
  const text = tooltip.trim() === '' ? 'Lifeboat' : tooltip.startsWith('Lifeboat') ? tooltip : `Lifeboat: ${tooltip}`;
  return text.length <= MAX_TOOLTIP ? text : `${text.slice(0, MAX_TOOLTIP - 1)}…`;
}

export function isPaused(pausedUntil: string | null, now: Date): boolean {
  return pausedUntil !== null && Date.parse(pausedUntil) > now.getTime();
}

export type PauseChoice = 'hour' | 'untilResumed' | 'resume';

/** The settings.set request for a pause choice. */
export function pauseRequest(choice: PauseChoice, now: Date): { pausedUntil: string | null } {
  switch (choice) {
    case 'hour':
      return { pausedUntil: new Date(now.getTime() + ONE_HOUR_MS).toISOString() };
    case 'untilResumed':
      return { pausedUntil: PAUSED_UNTIL_RESUMED };
    case 'resume':
      return { pausedUntil: null };
  }
}

export function pauseLabel(pausedUntil: string, now: Date): string {
  const until = new Date(pausedUntil);
  if (until.getUTCFullYear() >= 9999) return 'Schedules paused until resumed';
  const sameDay = until.toDateString() === now.toDateString();
  const when = sameDay ? until.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : until.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  return `Schedules paused until ${when}`;
}

export interface TrayMenuModel {
  tooltip: string;
  jobs: ReadonlyArray<{ name: string; paused: boolean }>;
  pausedUntil: string | null;
  now: Date;
}

export interface TrayActions {
  open(): void;
  runNow(job: string): void;
  pause(choice: PauseChoice): void;
  quit(): void;
}

/** The subset of MenuItemConstructorOptions the tray uses. */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
  submenu?: TrayMenuItem[];
}

export function trayMenuTemplate(model: TrayMenuModel, actions: TrayActions): TrayMenuItem[] {
  const separator: TrayMenuItem = { type: 'separator' };
  const backUp = (name: string, label: string): TrayMenuItem => ({ label, click: () => actions.runNow(name) });
  const jobs: TrayMenuItem[] =
    model.jobs.length === 0
      ? [{ label: 'No backup jobs yet', enabled: false }]
      : model.jobs.length <= MAX_FLAT_JOBS
        ? model.jobs.map((job) => backUp(job.name, `Back up now: ${job.name}`))
        : [{ label: 'Back up now', submenu: model.jobs.map((job) => backUp(job.name, job.name)) }];
  const pause: TrayMenuItem[] =
    model.pausedUntil !== null && isPaused(model.pausedUntil, model.now)
      ? [{ label: pauseLabel(model.pausedUntil, model.now), enabled: false }, { label: 'Resume schedules', click: () => actions.pause('resume') }]
      : [
          { label: 'Pause all schedules for 1 hour', click: () => actions.pause('hour') },
          { label: 'Pause until resumed', click: () => actions.pause('untilResumed') },
        ];
  return [
    // Linux trays rarely show tooltips: the state is also the menu's first line.
    { label: trayTooltip(model.tooltip), enabled: false },
    separator,
    { label: 'Open Lifeboat', click: () => actions.open() },
    separator,
    ...jobs,
    separator,
    ...pause,
    separator,
    { label: 'Quit Lifeboat', click: () => actions.quit() },
  ];
}
