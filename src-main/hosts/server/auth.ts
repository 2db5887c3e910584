// The access token of `lifeboat serve`: 32 random bytes, printed once in the URL. The browser
// trades it for an HttpOnly, SameSite=Strict cookie on first visit; scripts may send it as a
// Bearer token instead. Comparisons take the same time whatever the guess.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'lifeboat_token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time: both sides are hashed to the same length first. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export function isAuthenticated(req: IncomingMessage, token: string): boolean {
  // Both are checked so timing does not tell which one a request carried.
  const byCookie = tokenMatches(token, cookieValue(req, COOKIE_NAME));
  const byHeader = tokenMatches(token, bearerToken(req));
  return byCookie || byHeader;
}

export function sessionCookie(token: string): string {
  return `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
