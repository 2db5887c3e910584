// The JSON each kind of webhook expects, built from a rendered message. Pure; the services'
// size limits are applied here (Slack blocks, Discord embeds) so a long error never gets the
// whole message rejected.
//
// Generic (our own documented shape, version 1):
//   { version: 1, source: "lifeboat", kind, severity: "info"|"warning"|"error", title, text,
//     fix: string|null, fields: [{ label, value }], job: string|null, database: string|null, time: ISO 8601 }
// Slack incoming webhook: { text, blocks } (header, text section, field section, context).
// Microsoft Teams: an Adaptive Card (1.4) inside a "message" envelope. Both the classic Teams
//   incoming webhooks and the Power Automate "Workflows" webhooks that replace them accept this;
//   the older MessageCard format works only with the classic connectors being retired.
// Discord: { content, embeds: [one embed], allowed_mentions: { parse: [] } } (no @everyone pings).
import type { NotifyMessage, Severity } from './messages';

export type WebhookFormat = 'generic' | 'slack' | 'teams' | 'discord';

export interface GenericPayload {
  version: 1;
  source: 'lifeboat';
  kind: NotifyMessage['kind'];
  severity: Severity;
  title: string;
  text: string;
  fix: string | null;
  fields: Array<{ label: string; value: string }>;
  job: string | null;
  database: string | null;
  time: string;
}

export function webhookPayload(format: WebhookFormat, message: NotifyMessage): unknown {
  switch (format) {
    case 'generic':
      return genericPayload(message);
    case 'slack':
      return slackPayload(message);
    case 'teams':
      return teamsPayload(message);
    case 'discord':
      return discordPayload(message);
  }
}

export function genericPayload(m: NotifyMessage): GenericPayload {
  return {
    version: 1,
    source: 'lifeboat',
    kind: m.kind,
    severity: m.severity,
    title: m.title,
    text: m.text,
    fix: m.fix,
    fields: m.fields.map(([label, value]) => ({ label, value })),
    job: m.job,
    database: m.database,
    time: m.time,
  };
}

const ICON: Record<Severity, string> = { info: '✅', warning: '⚠️', error: '🔴' };

export function slackPayload(m: NotifyMessage): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${ICON[m.severity]} ${m.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(slackEscape(m.text), 3000) } },
  ];
  const fields = m.fields.slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: truncate(`*${slackEscape(label)}*\n${slackEscape(value)}`, 2000) }));
  if (fields.length > 0) blocks.push({ type: 'section', fields });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`Lifeboat · ${m.severity} · ${m.time}`) }] });
  // `text` is what notifications and screen readers show when blocks are not rendered.
  return { text: truncate(slackEscape(`${m.title}: ${m.text}`), 3000), blocks };
}

const TEAMS_COLOR: Record<Severity, string> = { info: 'Good', warning: 'Warning', error: 'Attention' };

export function teamsPayload(m: NotifyMessage): { type: 'message'; attachments: unknown[] } {
  const body: unknown[] = [
    { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', color: TEAMS_COLOR[m.severity], wrap: true },
    { type: 'TextBlock', text: m.text, wrap: true },
  ];
  if (m.fields.length > 0) body.push({ type: 'FactSet', facts: m.fields.map(([title, value]) => ({ title, value })) });
  body.push({ type: 'TextBlock', text: `Lifeboat · ${m.severity} · ${m.time}`, isSubtle: true, size: 'Small', wrap: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' }, body },
      },
    ],
  };
}

const DISCORD_COLOR: Record<Severity, number> = { info: 0x1e8e3e, warning: 0xf29900, error: 0xd93025 };

export function discordPayload(m: NotifyMessage): { username: string; content: string; embeds: unknown[]; allowed_mentions: { parse: string[] } } {
  // Sized so the whole embed stays under Discord's 6000-character total.
  const fields = m.fields.slice(0, 10).map(([name, value]) => ({ name: truncate(name, 64), value: truncate(value || '-', 300), inline: value.length <= 40 }));
  return {
    username: 'Lifeboat',
    content: truncate(`${ICON[m.severity]} ${m.title}`, 2000),
    embeds: [{ title: truncate(m.title, 256), description: truncate(m.text, 2000), color: DISCORD_COLOR[m.severity], fields, timestamp: m.time, footer: { text: `Lifeboat · ${m.severity}` } }],
    allowed_mentions: { parse: [] },
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack treats &, < and > as markup (links, mentions); everything else is literal enough. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
