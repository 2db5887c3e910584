// App settings (theme, start at login, the Prometheus file, the global pause) and the audit log.
import { isAuditEvent } from '../../../src-shared/audit';
import { readSettings, SETTING_KEYS } from '../settings-store';
import { badField, type HandlerTable } from './types';

export const settingsHandlers: HandlerTable<'settings.get' | 'settings.set' | 'activity.list'> = {
  'settings.get': (ctx) => ({ settings: readSettings(ctx.core, ctx.now()) }),

  'settings.set': async (ctx, change) => {
    const { core } = ctx;
    if (change.metricsFile !== undefined && change.metricsFile !== null && !change.metricsFile.endsWith('.prom')) {
      throw badField('metricsFile', 'The metrics file must end in .prom (node_exporter reads only those).', 'For example /var/lib/node_exporter/textfile/lifeboat.prom');
    }
    if (change.theme !== undefined) core.settings.set(SETTING_KEYS.theme, change.theme);
    if (change.startAtLogin !== undefined) core.settings.set(SETTING_KEYS.startAtLogin, change.startAtLogin);
    if (change.metricsFile !== undefined) {
      if (change.metricsFile === null || change.metricsFile === '') core.settings.delete(SETTING_KEYS.metricsFile);
      else {
        core.settings.set(SETTING_KEYS.metricsFile, change.metricsFile);
        await core.writeMetrics();
      }
    }
    if (change.pausedUntil !== undefined) {
      if (change.pausedUntil === null) {
        core.settings.delete(SETTING_KEYS.pausedUntil);
        // Runs missed during the pause are caught up now (for jobs that catch up), not at the next tick.
        ctx.wakeScheduler();
      } else {
        core.settings.set(SETTING_KEYS.pausedUntil, new Date(change.pausedUntil).toISOString());
      }
    }
    ctx.changed('settings');
    return { settings: readSettings(core, ctx.now()) };
  },

  'activity.list': async (ctx, query) => {
    if (query.event !== undefined && !isAuditEvent(query.event)) throw badField('event', `"${query.event}" is not an audit event.`, 'Choose an event from the list, or none.');
    return { entries: await ctx.core.audit.read({ job: query.job, event: query.event, status: query.status, offset: query.offset, limit: query.limit }) };
  },
};
