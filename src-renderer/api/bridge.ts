// What the Electron preload exposes as `window.lifeboat`. The preload forwards to the core and
// returns envelopes unchanged, so errors arrive as data and the renderer decides how to raise them.
import type { LifeboatBridge } from '../../src-shared/api';

/** In serve mode there is no bridge. */
export type { LifeboatBridge };

declare global {
  interface Window {
    lifeboat?: LifeboatBridge;
  }
}
