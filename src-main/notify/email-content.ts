// The email for a message: subject, plain text and a simple HTML version with the same words.
// Pure, so the wording and the escaping are tested without a mail server.
import type { NotifyMessage, Severity } from './messages';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const COLOR: Record<Severity, string> = { info: '#1e7e34', warning: '#b26a00', error: '#c5221f' };
const LABEL: Record<Severity, string> = { info: '', warning: 'Warning: ', error: 'Action needed: ' };

export function emailContent(m: NotifyMessage): EmailContent {
  // Headers must stay one line whatever a database or job is called.
  const subject = `[Lifeboat] ${LABEL[m.severity]}${m.title}`.replace(/[\r\n]+/g, ' ');
  const width = Math.max(0, ...m.fields.map(([label]) => label.length));
  const rows = m.fields.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value.replace(/\n/g, `\n${' '.repeat(width + 2)}`)}`);
  const text = [m.text, '', ...rows, '', `-- Sent by Lifeboat at ${m.time}`].join('\n');
  const htmlRows = m.fields
    .map(([label, value]) => `<tr><th align="left" valign="top" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value).replace(/\n/g, '<br>')}</td></tr>`)
    .join('\n');
  const html = [
    '<!doctype html>',
    '<html><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#222">',
    `<h2 style="color:${COLOR[m.severity]};font-size:18px">${escapeHtml(m.title)}</h2>`,
    `<p>${escapeHtml(m.text)}</p>`,
    htmlRows ? `<table style="border-collapse:collapse;font-size:14px">\n${htmlRows}\n</table>` : '',
    `<p style="color:#777;font-size:12px">Sent by Lifeboat at ${escapeHtml(m.time)}</p>`,
    '</body></html>',
  ]
    .filter(Boolean)
    .join('\n');
  return { subject, text, html };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
