// Second line of defence for text that leaves this machine in a notification: masks URL
// passwords (any scheme), password=… settings and age identities, and hides URL paths, which
// for webhooks and pings are the secret (anyone holding the URL can post or ping).
import { maskSecrets } from '../log';

export function redact(text: string): string {
  return maskSecrets(text)
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@')
    .replace(/\b(password|passwd|pwd)(\s*[=:]\s*)('[^']*'|"[^"]*"|[^\s,;]+)/gi, '$1$2***');
}

/** host[:port] of a URL, the only part of a webhook or ping URL we show or log. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host || 'the server';
  } catch {
    return 'an invalid URL';
  }
}

/** scheme://host/*** — enough to recognise the service, nothing to abuse it with. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.pathname.length > 1 || u.search || u.hash ? '/***' : '';
    return `${u.protocol}//${u.host}${hidden}`;
  } catch {
    return 'an invalid URL';
  }
}

/** Removes a secret URL (and its path and query alone) from text such as a server's reply. */
export function removeUrl(text: string, url: string): string {
  let out = text;
  const secrets: string[] = [url];
  try {
    const u = new URL(url);
    if (u.pathname.length > 1) secrets.push(u.pathname);
    if (u.search.length > 1) secrets.push(u.search.slice(1));
  } catch {
    // Not a URL: only the literal text is removed.
  }
  for (const secret of secrets.sort((a, b) => b.length - a.length)) out = out.split(secret).join(secret === url ? maskUrl(url) : '/***');
  return out;
}
