// Where the UI lives: the privileged `app://lifeboat/` scheme served from dist/renderer
// (app-protocol.ts). Node's URL gives custom schemes an opaque origin ("null"), so origins
// are compared by scheme and host here, never with URL.origin.

export const APP_SCHEME = 'app';
export const APP_HOST = 'lifeboat';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of Lifeboat's own UI, and nothing else (not file:, not other hosts). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST && parsed.username === '' && parsed.password === '';
}
