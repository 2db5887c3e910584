// Flood control: at most one digest message per channel per window (15 min by default). The
// first failure of a job goes out at once; repeats and everything else that arrives while a
// window is open are held and merged ("3 failures of shop since 02:00: …"). Pure: the clock is
// injected, and the caller (the Notifier) sends what offer(), due() and flushAll() return.
import { eventSubject, isProblem, type NotifyEvent } from './events';
import { formatClock, formatList, formatTime, plural } from './format';
import { redactMessage, renderMessage, type NotifyMessage, type RenderOptions, type Severity } from './messages';

export const DEFAULT_DIGEST_WINDOW_MS = 15 * 60 * 1000;

export interface DigestOptions {
  windowMs?: number;
  now?: () => Date;
  render?: RenderOptions;
}

export type DigestDecision = { action: 'send'; message: NotifyMessage } | { action: 'hold' };

export interface DigestFlush {
  channelId: string;
  message: NotifyMessage;
  events: NotifyEvent[];
}

interface ChannelState {
  /** End of the window opened by the last message sent; null when no window is open. */
  windowEndsAt: number | null;
  held: NotifyEvent[];
  /** When each subject was last offered, to tell a first failure from a repeat. */
  seen: Map<string, number>;
}

export class Digest {
  readonly windowMs: number;
  private readonly now: () => Date;
  private readonly render: RenderOptions;
  private readonly channels = new Map<string, ChannelState>();

  constructor(options: DigestOptions = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_DIGEST_WINDOW_MS;
    this.now = options.now ?? (() => new Date());
    this.render = options.render ?? {};
  }

  /** Send now, or hold for the digest at the end of the channel's window. */
  offer(channelId: string, event: NotifyEvent): DigestDecision {
    const now = this.now().getTime();
    const ch = this.state(channelId);
    if (ch.windowEndsAt !== null && now >= ch.windowEndsAt && ch.held.length === 0) ch.windowEndsAt = null;
    for (const [subject, at] of ch.seen) if (now - at >= this.windowMs) ch.seen.delete(subject);
    const subject = eventSubject(event);
    const urgent = this.isFirstFailure(event, ch, subject);
    ch.seen.set(subject, now);
    if (ch.windowEndsAt === null) {
      ch.windowEndsAt = now + this.windowMs;
      return { action: 'send', message: renderMessage(event, this.render) };
    }
    if (urgent) return { action: 'send', message: renderMessage(event, this.render) };
    ch.held.push(event);
    return { action: 'hold' };
  }

  /** Digests for channels whose window has ended; each opens a new window. */
  due(): DigestFlush[] {
    const now = this.now().getTime();
    const out: DigestFlush[] = [];
    for (const [channelId, ch] of this.channels) {
      if (ch.windowEndsAt === null || now < ch.windowEndsAt) continue;
      if (ch.held.length === 0) {
        ch.windowEndsAt = null;
        continue;
      }
      out.push(this.take(channelId, ch, now));
    }
    return out;
  }

  /** Everything held, now (on shutdown, or before a long sleep). */
  flushAll(): DigestFlush[] {
    const now = this.now().getTime();
    return [...this.channels].filter(([, ch]) => ch.held.length > 0).map(([channelId, ch]) => this.take(channelId, ch, now));
  }

  /** When due() next has something to return; null when nothing is held. */
  nextDueAt(): Date | null {
    let next: number | null = null;
    for (const ch of this.channels.values()) {
      if (ch.held.length > 0 && ch.windowEndsAt !== null && (next === null || ch.windowEndsAt < next)) next = ch.windowEndsAt;
    }
    return next === null ? null : new Date(next);
  }

  /** Milliseconds until nextDueAt() by the digest's own clock; null when nothing is held. */
  delayUntilDue(): number | null {
    const next = this.nextDueAt();
    return next === null ? null : Math.max(0, next.getTime() - this.now().getTime());
  }

  held(channelId: string): readonly NotifyEvent[] {
    return this.channels.get(channelId)?.held ?? [];
  }

  /**
   * A problem not seen on this channel within the window; for backups, also the first of a run
   * of failures (later ones are repeats even when hours apart: they are merged if a window is open).
   */
  private isFirstFailure(event: NotifyEvent, ch: ChannelState, subject: string): boolean {
    if (!isProblem(event) || ch.seen.has(subject)) return false;
    return event.kind !== 'backup-failed' || event.consecutiveFailures <= 1;
  }

  private take(channelId: string, ch: ChannelState, now: number): DigestFlush {
    const events = ch.held;
    ch.held = [];
    ch.windowEndsAt = now + this.windowMs;
    return { channelId, events, message: mergeEvents(events, this.render, now) };
  }

  private state(channelId: string): ChannelState {
    let ch = this.channels.get(channelId);
    if (!ch) {
      ch = { windowEndsAt: null, held: [], seen: new Map() };
      this.channels.set(channelId, ch);
    }
    return ch;
  }
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** One message for several events: a line per subject, repeats of a subject merged. */
export function mergeEvents(events: readonly NotifyEvent[], render: RenderOptions = {}, now = Date.now()): NotifyMessage {
  if (events.length === 0) throw new Error('mergeEvents needs at least one event');
  if (events.length === 1) return renderMessage(events[0]!, render);
  const tz = render.timeZone;
  // Within the last day a clock time reads best ("since 02:00"); older ones need the date.
  const when = (iso: string) => (now - Date.parse(iso) < 20 * 3600_000 ? formatClock(iso, tz) : formatTime(iso, tz));

  const groups = new Map<string, NotifyEvent[]>();
  for (const event of events) {
    const key = eventSubject(event);
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  const lines: string[] = [];
  const fixes: string[] = [];
  let severity: Severity = 'info';
  let headline = '';
  for (const group of groups.values()) {
    const last = group.at(-1)!;
    const message = renderMessage(last, render);
    if (RANK[message.severity] > RANK[severity]) severity = message.severity;
    if (message.fix && !fixes.includes(message.fix)) fixes.push(message.fix);
    if (last.kind === 'backup-failed') {
      const count = Math.max(last.consecutiveFailures, group.length);
      const since = last.consecutiveFailures >= group.length ? last.failingSince : group[0]!.time;
      const line = `${plural(count, 'failure')} of ${last.database} since ${when(since)}`;
      headline ||= line;
      lines.push(`${line} (job "${last.job}"): ${last.error.message}`);
    } else if (group.length > 1) {
      lines.push(`${message.title} (${group.length} times since ${when(group[0]!.time)}).`);
    } else {
      lines.push(`${when(last.time)}: ${message.title}.`);
    }
  }
  const first = events[0]!;
  const same = <T>(pick: (e: NotifyEvent) => T): T | null => (events.every((e) => pick(e) === pick(first)) ? pick(first) : null);
  const jobs = [...new Set(events.map((e) => e.job).filter((j): j is string => j !== null))];
  const databases = [...new Set(events.map((e) => e.database).filter((d): d is string => d !== null))];
  const title = groups.size === 1 && headline ? headline : `${plural(events.length, 'notification')} from Lifeboat since ${when(first.time)}`;
  const fix = fixes.length > 0 ? fixes.join(' ') : null;
  return redactMessage({
    kind: 'digest',
    title,
    text: `${lines.join('\n')}${fix ? `\nWhat to do: ${fix}` : ''}`,
    severity,
    fix,
    fields: [
      ['Since', formatTime(first.time, tz)],
      ['Notifications', String(events.length)],
      ...(jobs.length > 0 ? [['Jobs', formatList(jobs)] as [string, string]] : []),
      ...(databases.length > 0 ? [['Databases', formatList(databases)] as [string, string]] : []),
    ],
    job: same((e) => e.job),
    database: same((e) => e.database),
    time: events.at(-1)!.time,
  });
}
