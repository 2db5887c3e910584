// The tray icon: its image and tooltip follow the service's tray state ('tray' events), its
// menu is rebuilt when jobs or settings change. The menu itself is tray-menu.ts (pure).
import path from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';
import type { TrayState } from '../../../src-shared/api';
import type { Logger } from '../../log';
import type { LifeboatService } from '../../service/service-types';
import { isPaused, pauseRequest, trayImageFile, trayMenuTemplate, trayTooltip, type TrayMenuModel } from './tray-menu';

export interface TrayOptions {
  service: Pick<LifeboatService, 'call' | 'on' | 'trayState'>;
  /** resources/tray (packaged: <resources>/tray). */
  iconDir: string;
  open(): void;
  quit(): void;
  /** Something the user asked for from the tray failed (e.g. "Back up now"). */
  onError(title: string, message: string): void;
  log: Logger;
}

/** Creates the tray; returns the function that removes it. */
export function createTray(options: TrayOptions): () => void {
  const { service, log } = options;
  const image = (state: TrayState) => {
    const file = path.join(options.iconDir, trayImageFile(state));
    const icon = nativeImage.createFromPath(file);
    if (icon.isEmpty()) log.warn('tray image missing', { file });
    return icon;
  };

  let trayState = service.trayState();
  const tray = new Tray(image(trayState.state));
  let shownState: TrayState = trayState.state;
  let model: Omit<TrayMenuModel, 'now' | 'tooltip'> = { jobs: [], pausedUntil: null };
  let pauseEndTimer: NodeJS.Timeout | undefined;

  const render = (): void => {
    if (trayState.state !== shownState) {
      tray.setImage(image(trayState.state));
      shownState = trayState.state;
    }
    tray.setToolTip(trayTooltip(trayState.tooltip));
    const now = new Date();
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate({ ...model, tooltip: trayState.tooltip, now }, actions)));
    // "Paused until 14:30" must turn back into the pause items when the hour is over.
    clearTimeout(pauseEndTimer);
    if (model.pausedUntil !== null && isPaused(model.pausedUntil, now)) {
      const ms = Date.parse(model.pausedUntil) - now.getTime() + 1000;
      if (ms < 24 * 60 * 60 * 1000) pauseEndTimer = setTimeout(render, ms);
    }
  };

  const reportFailure = (title: string) => (envelope: { error: { message: string; fix?: string } } | object) => {
    if ('error' in envelope) options.onError(title, envelope.error.fix ? `${envelope.error.message} ${envelope.error.fix}` : envelope.error.message);
  };
  const actions = {
    open: options.open,
    quit: options.quit,
    runNow: (name: string) => void service.call('jobs.runNow', { name }).then(reportFailure(`Could not start "${name}"`)),
    pause: (choice: Parameters<typeof pauseRequest>[0]) =>
      void service.call('settings.set', pauseRequest(choice, new Date())).then(reportFailure(choice === 'resume' ? 'Could not resume schedules' : 'Could not pause schedules')),
  };

  const reload = async (): Promise<void> => {
    const [jobs, settings] = await Promise.all([service.call('jobs.list', {}), service.call('settings.get', {})]);
    if ('result' in jobs) model = { ...model, jobs: jobs.result.jobs.map((job) => ({ name: job.config.name, paused: job.paused })) };
    else log.warn('tray: could not list jobs', { code: jobs.error.code, message: jobs.error.message });
    if ('result' in settings) model = { ...model, pausedUntil: settings.result.settings.pausedUntil };
    else log.warn('tray: could not read settings', { code: settings.error.code, message: settings.error.message });
    render();
  };

  if (process.platform === 'win32') tray.on('click', () => options.open());
  const disposers = [
    service.on('tray', (next) => {
      trayState = next;
      render();
    }),
    service.on('changed', ({ what }) => {
      if (what === 'jobs' || what === 'settings') void reload();
    }),
  ];
  render();
  void reload();

  return () => {
    clearTimeout(pauseEndTimer);
    for (const dispose of disposers) dispose();
    tray.destroy();
  };
}
