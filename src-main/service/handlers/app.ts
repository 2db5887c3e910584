// app.info: what the About box and the diagnostics show.
import { findToolSets } from '../../pg/tool-locator';
import { APP_VERSION } from '../version';
import type { HandlerTable } from './types';

export const appHandlers: HandlerTable<'app.info'> = {
  'app.info': async (ctx) => {
    const store = await ctx.core.secrets();
    const tools = await findToolSets();
    return {
      version: APP_VERSION,
      dataDir: ctx.core.dataDir,
      platform: `${process.platform}-${process.arch}`,
      secretStore: store.description,
      pgTools: tools.map((t) => ({ version: t.version, dir: t.dir, source: t.source })),
      host: ctx.hooks.host,
    };
  },
};
