// Response helpers for `lifeboat serve`: every response carries the strict CSP and the other
// security headers; small bodies are sent whole with their length.
import type { ServerResponse } from 'node:http';
import { ERROR_TITLES, type ErrorCode, type ErrorData } from '../../../src-shared/errors';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../csp';

export function setSecurityHeaders(res: ServerResponse, csp: string = CONTENT_SECURITY_POLICY): void {
  res.setHeader('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

export function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(data.length), 'Cache-Control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : data);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** An {error} envelope, the shape the UI reads from every API answer. */
export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, fix?: string): void {
  const error: ErrorData = { code, title: ERROR_TITLES[code], message };
  if (fix) error.fix = fix;
  sendJson(res, status, { error });
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A small self-contained page (no style, no script) for refusals and notices. */
export function sendPage(res: ServerResponse, status: number, title: string, paragraphs: string[]): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</body></html>\n`;
  send(res, status, 'text/html; charset=utf-8', html);
}
