// Posts notifications to a chat or automation webhook (generic JSON, Slack, Teams, Discord).
// The URL is the webhook's password: keep it in the keychain; only its host is ever shown.
import { LifeboatError } from '../../src-shared/errors';
import type { NotifyChannel } from './channel';
import { checkHttpUrl, sendHttp } from './http-send';
import type { NotifyMessage } from './messages';
import { urlHost } from './redact';
import { webhookPayload, type WebhookFormat } from './webhook-payloads';

export interface WebhookChannelOptions {
  id: string;
  format: WebhookFormat;
  /** Secret: from the keychain, never logged or shown. */
  url: string;
  /** Per attempt, 10 s by default. */
  timeoutMs?: number;
  /** Before the one retry, 1 s by default. */
  retryDelayMs?: number;
}

const SERVICE: Record<WebhookFormat, string> = { generic: 'webhook', slack: 'Slack webhook', teams: 'Microsoft Teams webhook', discord: 'Discord webhook' };

export class WebhookChannel implements NotifyChannel {
  readonly kind = 'webhook' as const;
  readonly id: string;
  readonly format: WebhookFormat;
  readonly #url: string;
  readonly #timeoutMs: number | undefined;
  readonly #retryDelayMs: number | undefined;

  constructor(options: WebhookChannelOptions) {
    if (!(options.format in SERVICE)) {
      throw new LifeboatError('BAD_INPUT', `"${String(options.format)}" is not a webhook type Lifeboat knows.`, { fix: 'Choose generic, slack, teams or discord.' });
    }
    checkHttpUrl(options.url, `The ${SERVICE[options.format]} URL of "${options.id}"`);
    this.id = options.id;
    this.format = options.format;
    this.#url = options.url;
    this.#timeoutMs = options.timeoutMs;
    this.#retryDelayMs = options.retryDelayMs;
  }

  describe(): string {
    return `${SERVICE[this.format]} at ${urlHost(this.#url)}`;
  }

  async send(message: NotifyMessage): Promise<void> {
    await sendHttp({
      method: 'POST',
      url: this.#url,
      body: JSON.stringify(webhookPayload(this.format, message)),
      contentType: 'application/json',
      what: `the ${SERVICE[this.format]}`,
      timeoutMs: this.#timeoutMs,
      retryDelayMs: this.#retryDelayMs,
    });
  }
}
