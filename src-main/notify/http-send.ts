// Sends one small HTTP request for webhooks and pings: a hard timeout, one retry on a network
// error, 429 or 5xx, and errors that name only the host, because the URL path is the secret.
import { LifeboatError, type ErrorCode } from '../../src-shared/errors';
import { NOTIFY_AUTH_FAILED, NOTIFY_BAD_CONFIG, NOTIFY_FAILED, NOTIFY_UNREACHABLE } from './notify-errors';
import { redact, removeUrl, urlHost } from './redact';

export interface HttpSendOptions {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  contentType?: string;
  /** What is being sent, for messages: "the Slack webhook", "the Healthchecks ping". */
  what: string;
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  /** Pause before the one retry; 1 s by default. */
  retryDelayMs?: number;
}

export interface HttpReply {
  status: number;
  /** The start of the reply body, with the URL removed. */
  body: string;
  attempts: number;
}

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;
const MAX_BODY_CHARS = 300;

const TLS_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

type Attempt = { kind: 'reply'; status: number; body: string } | { kind: 'timeout' } | { kind: 'network'; code: string | undefined; error: unknown };

export async function sendHttp(options: HttpSendOptions): Promise<HttpReply> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  let attempt = await once(options, timeoutMs);
  let attempts = 1;
  if (shouldRetry(attempt)) {
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS));
    attempt = await once(options, timeoutMs);
    attempts = 2;
  }
  if (attempt.kind === 'reply' && attempt.status >= 200 && attempt.status < 300) return { status: attempt.status, body: attempt.body, attempts };
  throw explain(attempt, options, timeoutMs, attempts);
}

async function once(options: HttpSendOptions, timeoutMs: number): Promise<Attempt> {
  const headers: Record<string, string> = { 'user-agent': 'Lifeboat' };
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'text/plain; charset=utf-8';
  try {
    const response = await fetch(options.url, { method: options.method, headers, body: options.body, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { kind: 'reply', status: response.status, body: clean(body, options.url) };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
    return { kind: 'network', code: findCode(error), error };
  }
}

/**
 * One retry for what may pass a second later (a dropped connection, a busy or restarting
 * service). Not after a timeout: the service may have taken the message and is only slow, and
 * the caller should not wait twice as long. Not after a TLS failure: it will fail the same way.
 */
function shouldRetry(attempt: Attempt): boolean {
  if (attempt.kind === 'reply') return attempt.status >= 500 || attempt.status === 429;
  if (attempt.kind === 'network') return !isTls(attempt.code);
  return false;
}

function explain(attempt: Attempt, options: HttpSendOptions, timeoutMs: number, attempts: number): LifeboatError {
  const host = urlHost(options.url);
  const tries = attempts > 1 ? ' (tried twice)' : '';
  // No `cause`: fetch's own errors can quote the whole URL, secret path included.
  const make = (code: ErrorCode, reason: string, message: string, fix: string, extra: Record<string, string | number> = {}) =>
    new LifeboatError(code, message, { fix, details: { reason, host, attempts, ...extra } });
  const reachFix = `Check that this computer can reach ${host} (internet connection, proxy, firewall) and that the service is up, then use "Send test".`;

  if (attempt.kind === 'timeout') {
    return make(NOTIFY_UNREACHABLE, 'timeout', `${cap(options.what)} at ${host} did not answer within ${Math.round(timeoutMs / 100) / 10} s.`, reachFix);
  }
  if (attempt.kind === 'network') {
    const code = attempt.code ?? 'unknown';
    if (isTls(attempt.code)) {
      return make(NOTIFY_UNREACHABLE, 'tls', `The secure connection to ${host} for ${options.what} failed (${code}).`, `The server's certificate is not trusted or does not match ${host}; check the URL, and the clock of this computer.`, { errno: code });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return make(NOTIFY_UNREACHABLE, 'dns', `The name ${host} for ${options.what} cannot be found.`, `Check the URL for typos and that this computer's internet connection and DNS work.`, { errno: code });
    }
    if (code === 'ECONNREFUSED') {
      return make(NOTIFY_UNREACHABLE, 'refused', `${host} refused the connection for ${options.what}${tries}.`, `Check the URL's host and port, and that the service at ${host} is running.`, { errno: code });
    }
    return make(NOTIFY_UNREACHABLE, 'network', `The connection to ${host} for ${options.what} failed (${code})${tries}.`, reachFix, { errno: code });
  }

  const status = attempt.status;
  const said = attempt.body ? `: "${attempt.body}"` : '';
  if (status === 401 || status === 403) {
    return make(NOTIFY_AUTH_FAILED, 'forbidden', `${host} refused ${options.what} (HTTP ${status}${said}).`, 'The URL may have been revoked or mistyped: create a new one in the service, paste it into Lifeboat and use "Send test".', { httpStatus: status });
  }
  if (status === 404 || status === 410) {
    return make(NOTIFY_BAD_CONFIG, 'not-found', `${host} does not know this URL for ${options.what} (HTTP ${status}).`, 'The webhook or check was probably deleted, or the URL was pasted incompletely: copy it again from the service into Lifeboat.', { httpStatus: status });
  }
  if (status === 429) {
    return make(NOTIFY_FAILED, 'rate-limited', `${host} is limiting how often ${options.what} may be sent (HTTP 429)${tries}.`, 'Too many messages in a short time; lower the notification level or lengthen the digest window.', { httpStatus: status });
  }
  if (status >= 500) {
    return make(NOTIFY_FAILED, 'server-error', `${host} had a problem taking ${options.what} (HTTP ${status}${said})${tries}.`, 'The service itself has trouble; check its status page. Later notifications will be sent as usual.', { httpStatus: status });
  }
  return make(NOTIFY_FAILED, 'rejected', `${host} rejected ${options.what} (HTTP ${status}${said}).`, 'Check that the webhook type chosen in Lifeboat (generic, Slack, Teams, Discord) matches the service the URL belongs to.', { httpStatus: status });
}

function isTls(code: string | undefined): boolean {
  return code !== undefined && TLS_CODES.test(code);
}

/** fetch wraps the socket error: the errno code sits somewhere in the cause chain. */
function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function clean(body: string, url: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > MAX_BODY_CHARS ? `${oneLine.slice(0, MAX_BODY_CHARS)}…` : oneLine;
  return redact(removeUrl(short, url));
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Validates without ever quoting the URL back: it may be a secret. */
export function checkHttpUrl(url: string, what: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new LifeboatError('BAD_INPUT', `${what} is not a valid web address.`, { fix: 'Copy the whole URL (starting with https://) from the service and paste it again.' });
  }
  if (parsed.username || parsed.password) {
    throw new LifeboatError('BAD_INPUT', `${what} contains a user name or password.`, { fix: 'Use the URL the service gives you, without user:password@ in it.' });
  }
}
