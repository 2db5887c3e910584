// Dead man's switch pings (Healthchecks.io, Uptime Kuma push monitors): start, success and fail
// after every backup run. When the pings stop (the PC is off, Lifeboat is broken), the remote
// service alerts: the one failure Lifeboat cannot report itself.
import { LifeboatError } from '../../src-shared/errors';
import type { HeartbeatChannel } from './channel';
import type { BackupOutcomeEvent } from './events';
import { checkHttpUrl, sendHttp } from './http-send';
import type { NotifyMessage } from './messages';
import { urlHost } from './redact';

/**
 * healthchecks: success = the ping URL, start = URL + /start, fail = URL + /fail.
 * uptime-kuma: the push URL with ?status=up or ?status=down and msg=…; Kuma has no start signal.
 * Explicit startUrl / successUrl / failUrl replace the derived ones (any service that takes pings).
 */
export type PingStyle = 'healthchecks' | 'uptime-kuma';
export type PingSignal = 'start' | 'success' | 'fail';

export interface HealthcheckChannelOptions {
  id: string;
  style: PingStyle;
  /** Secret (it contains the check's id): from the keychain, never shown whole. */
  url?: string;
  startUrl?: string;
  successUrl?: string;
  failUrl?: string;
  /** POST sends a short body (the error on fail); GET suits services that ignore bodies. Default: POST for healthchecks, GET for uptime-kuma. */
  method?: 'GET' | 'POST';
  timeoutMs?: number;
  retryDelayMs?: number;
}

export interface PingUrls {
  start: string | null;
  success: string;
  fail: string;
}

const STYLE_NAME: Record<PingStyle, string> = { healthchecks: 'Healthchecks', 'uptime-kuma': 'Uptime Kuma' };
/** Healthchecks keeps up to 100 kB of a ping body and Kuma's msg is a short label; stay well below. */
const MAX_BODY_CHARS = 2_000;
const MAX_KUMA_MSG_CHARS = 200;

/** The URL for each signal; throws BAD_INPUT when there is none to derive from. */
export function pingUrls(options: HealthcheckChannelOptions): PingUrls {
  const what = (signal: string) => `The ${signal} ping URL of "${options.id}"`;
  for (const [signal, url] of [['base', options.url], ['start', options.startUrl], ['success', options.successUrl], ['fail', options.failUrl]] as const) {
    if (url !== undefined) checkHttpUrl(url, what(signal));
  }
  const base = options.url;
  const derive = (signal: PingSignal): string | null => {
    if (base === undefined) return null;
    if (options.style === 'uptime-kuma') return signal === 'start' ? null : withQuery(base, { status: signal === 'success' ? 'up' : 'down' });
    return withPath(base, signal === 'success' ? '' : signal);
  };
  const success = options.successUrl ?? derive('success');
  const fail = options.failUrl ?? derive('fail');
  if (success === null || fail === null) {
    throw new LifeboatError('BAD_INPUT', `"${options.id}" has no ${success === null ? 'success' : 'fail'} ping URL.`, {
      fix: `Paste the check's ping URL from ${STYLE_NAME[options.style]}, or give both a success and a fail URL.`,
    });
  }
  return { start: options.startUrl ?? derive('start'), success, fail };
}

export class HealthcheckChannel implements HeartbeatChannel {
  readonly kind = 'healthcheck' as const;
  readonly heartbeat = true as const;
  readonly id: string;
  readonly #options: HealthcheckChannelOptions;
  readonly #urls: PingUrls;

  constructor(options: HealthcheckChannelOptions) {
    this.id = options.id;
    this.#options = options;
    this.#urls = pingUrls(options);
  }

  describe(): string {
    return `${STYLE_NAME[this.#options.style]} ping at ${urlHost(this.#urls.success)}`;
  }

  async start(job: string, database: string): Promise<void> {
    if (this.#urls.start === null) return;
    await this.ping('start', `Backup of ${database} (job "${job}") started.`);
  }

  async outcome(event: BackupOutcomeEvent, message: NotifyMessage): Promise<void> {
    // A degraded backup exists but lacks a copy the admin asked for: the check should turn
    // red until a run puts a good copy everywhere, like a failure.
    const ok = event.kind === 'backup-succeeded' || event.kind === 'backup-recovered';
    await this.ping(ok ? 'success' : 'fail', `${message.title}. ${message.text}`);
  }

  /** Used by "Send test": a test counts as a success ping, the only signal every service takes. */
  async send(message: NotifyMessage): Promise<void> {
    const signal: PingSignal = message.kind !== 'test' && message.severity === 'error' ? 'fail' : 'success';
    await this.ping(signal, `${message.title}. ${message.text}`);
  }

  async ping(signal: PingSignal, summary: string): Promise<void> {
    let url = signal === 'start' ? this.#urls.start : this.#urls[signal];
    if (url === null) return;
    const method = this.#options.method ?? (this.#options.style === 'uptime-kuma' ? 'GET' : 'POST');
    if (this.#options.style === 'uptime-kuma' && (signal === 'success' ? !this.#options.successUrl : !this.#options.failUrl)) {
      url = withQuery(url, { msg: clip(summary, MAX_KUMA_MSG_CHARS) });
    }
    await sendHttp({
      method,
      url,
      body: method === 'POST' ? clip(summary, MAX_BODY_CHARS) : undefined,
      what: `the ${STYLE_NAME[this.#options.style]} ${signal} ping`,
      timeoutMs: this.#options.timeoutMs,
      retryDelayMs: this.#options.retryDelayMs,
    });
  }
}

/** Appends a path segment ('' just drops a trailing slash, which Healthchecks would not match). */
function withPath(url: string, segment: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  u.pathname = segment ? `${path}/${segment}` : path || '/';
  return u.toString();
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [key, value] of Object.entries(params)) u.searchParams.set(key, value);
  return u.toString();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
