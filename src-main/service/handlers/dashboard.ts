// The dashboard, and the running work with its cancel button.
import { collectDashboard, trayFrom } from '../dashboard';
import type { HandlerTable } from './types';

export const dashboardHandlers: HandlerTable<'dashboard.get' | 'work.list' | 'work.cancel'> = {
  'dashboard.get': (ctx) => {
    const facts = collectDashboard(ctx);
    return { ...facts, tray: trayFrom(facts.jobs, facts.work).state };
  },
  'work.list': (ctx) => ({ work: ctx.work.list() }),
  'work.cancel': (ctx, { id }) => ({ cancelled: ctx.work.cancel(id) }),
};
