// The one interface every way of telling people implements: email, webhooks, pings, desktop.
import type { BackupOutcomeEvent } from './events';
import type { NotifyMessage } from './messages';

export type ChannelKind = 'email' | 'webhook' | 'healthcheck' | 'desktop';

export interface NotifyChannel {
  readonly kind: ChannelKind;
  /** The name the admin gave it ("office-email"); rules and results refer to it. */
  readonly id: string;
  /** For people and logs, e.g. "email to it@example.com via smtp.example.com:587"; never a secret. */
  describe(): string;
  /** Throws a LifeboatError that says what went wrong and what to do. */
  send(message: NotifyMessage): Promise<void>;
}

/**
 * A dead man's switch (Healthchecks.io, Uptime Kuma): it must hear about every backup run, so
 * the notifier bypasses rules and the digest for it; the remote service alerts when pings stop.
 */
export interface HeartbeatChannel extends NotifyChannel {
  readonly heartbeat: true;
  /** A backup run has started (services that time runs use it). */
  start(job: string, database: string): Promise<void>;
  /** The outcome of a run. */
  outcome(event: BackupOutcomeEvent, message: NotifyMessage): Promise<void>;
}

export function isHeartbeat(channel: NotifyChannel): channel is HeartbeatChannel {
  return (channel as Partial<HeartbeatChannel>).heartbeat === true;
}
