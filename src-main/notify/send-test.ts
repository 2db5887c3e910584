// "Send test" in the settings: a clearly labelled test message through one channel, so the
// admin sees it arrive (or reads the channel's explained error) before a real failure.
import os from 'node:os';
import type { NotifyChannel } from './channel';
import { redactMessage, type NotifyMessage } from './messages';

export interface SendTestOptions {
  now?: Date;
  /** Names the computer in the message, so several offices' Lifeboats can be told apart. */
  hostName?: string;
}

export function testMessage(channel: NotifyChannel, options: SendTestOptions = {}): NotifyMessage {
  const now = options.now ?? new Date();
  const host = options.hostName ?? os.hostname();
  return redactMessage({
    kind: 'test',
    title: 'Lifeboat test notification',
    text: `This is a test message from Lifeboat on ${host}, sent with "Send test". If you can read it, notifications through ${channel.describe()} work. Nothing to do.`,
    severity: 'info',
    fix: null,
    fields: [
      ['Channel', `${channel.id}: ${channel.describe()}`],
      ['Computer', host],
      ['Sent', now.toISOString()],
    ],
    job: null,
    database: null,
    time: now.toISOString(),
  });
}

/** Resolves when the channel accepted the message; otherwise throws the channel's explained LifeboatError. */
export async function sendTest(channel: NotifyChannel, options: SendTestOptions = {}): Promise<{ ok: true }> {
  await channel.send(testMessage(channel, options));
  return { ok: true };
}
