// The one way out of the app to the user's browser or mail client. Everything the renderer
// (or a page it loaded) asks to open passes here: only https: web pages and plain mailto:
// addresses, never credentials in the URL, file:, javascript:, custom schemes or handler
// tricks such as mailto:?attach=.

const MAX_URL_LENGTH = 2048;
/** mailto: headers a mail client may safely prefill; others (attach, …) have been abused. */
const MAILTO_PARAMS = new Set(['subject', 'body', 'cc', 'bcc']);

/** The normalised URL to hand to the OS when `raw` is safe to open, else null. */
export function externalUrlToOpen(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  // URL parsing silently drops tabs/newlines and trims spaces; a URL that needs that is not one we open.
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:') return url.hostname === '' ? null : url.href;
  if (url.protocol === 'mailto:') return isPlainMailto(url) ? url.href : null;
  return null;
}

function isPlainMailto(url: URL): boolean {
  let addresses: string;
  try {
    addresses = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  if (!addresses.split(',').every((address) => /^[^@\s/\\:?#]+@[A-Za-z0-9.-]+$/.test(address.trim()))) return false;
  for (const key of url.searchParams.keys()) {
    if (!MAILTO_PARAMS.has(key.toLowerCase())) return false;
  }
  return true;
}

/**
 * Opens `raw` with `open` (shell.openExternal) when it is safe; returns whether it was opened.
 * A failure of the OS handler is reported through `onError`, never thrown at the caller.
 */
export function safeOpenExternal(raw: unknown, open: (url: string) => Promise<void>, onError: (error: unknown, url: string) => void = () => {}): boolean {
  const url = externalUrlToOpen(raw);
  if (url === null) return false;
  try {
    open(url).catch((error: unknown) => onError(error, url));
  } catch (error) {
    onError(error, url);
  }
  return true;
}

/** A URL as the log may show it: scheme and host only (paths and queries can carry tokens). */
export function urlForLog(raw: string): string {
  try {
    const url = new URL(raw);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return '(not a URL)';
  }
}
