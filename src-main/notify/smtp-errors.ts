// Turns nodemailer's SMTP failures into errors that name the server and say what to do: no
// connection, TLS trouble, login refused, recipient refused. nodemailer replaces the socket's
// errno code with its own (ESOCKET, ECONNECTION), so the errno is read from the message too.
import { LifeboatError, type ErrorCode } from '../../src-shared/errors';
import { NOTIFY_AUTH_FAILED, NOTIFY_BAD_CONFIG, NOTIFY_FAILED, NOTIFY_UNREACHABLE } from './notify-errors';
import { redact } from './redact';

export interface SmtpErrorContext {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
  user: string | undefined;
  /** Removed from any text, in case a server or library ever echoes it. */
  password: string | undefined;
}

interface SmtpLikeError {
  code?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  rejected?: string[];
}

const TLS_PATTERN = /certificate|self[- ]signed|\bSSL\b|\bTLS\b|wrong version number|handshake|EPROTO|unable to verify/i;

export function explainSmtpError(error: unknown, ctx: SmtpErrorContext): LifeboatError {
  if (error instanceof LifeboatError) return error;
  const e = (error ?? {}) as SmtpLikeError;
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const said = clean(raw, ctx);
  const server = `${ctx.host}:${ctx.port}`;
  const make = (code: ErrorCode, reason: string, message: string, fix: string) => {
    const details: Record<string, string | number> = { reason, server, smtpCode: e.code ?? 'unknown' };
    if (e.responseCode) details.responseCode = e.responseCode;
    return new LifeboatError(code, message, { fix, cause: error, details });
  };
  const portHint = `Port 465 normally uses TLS from the start and port 587 STARTTLS (this channel uses ${ctx.security === 'tls' ? 'TLS' : 'STARTTLS'} on port ${ctx.port}).`;

  if (e.code === 'EAUTH') {
    return make(
      NOTIFY_AUTH_FAILED,
      'auth',
      `The mail server ${server} rejected the login${ctx.user ? ` of "${ctx.user}"` : ''} (${said}).`,
      'Check the user name and password in the email settings. Many providers (Microsoft 365, Gmail) need an app password or SMTP AUTH switched on for the mailbox.',
    );
  }
  if (e.code === 'EENVELOPE') {
    if (e.command === 'MAIL FROM') {
      return make(NOTIFY_BAD_CONFIG, 'sender-rejected', `The mail server ${server} refused the sender address (${said}).`, 'Use a From address the mail account may send as, usually the account\'s own address.');
    }
    const who = e.rejected && e.rejected.length > 0 ? e.rejected.join(', ') : 'the recipients';
    return make(NOTIFY_BAD_CONFIG, 'recipient-rejected', `The mail server ${server} refused to deliver to ${who} (${said}).`, 'Check the recipient addresses for typos. Some servers only deliver outside their own domain after a login; set the user name and password.');
  }
  if (e.code === 'ETLS' || TLS_PATTERN.test(raw)) {
    return make(
      NOTIFY_UNREACHABLE,
      'tls',
      `The secure (TLS) connection to the mail server ${server} failed (${tlsReason(raw) ?? said}).`,
      `Check the security setting and the port. ${portHint} If the server uses its own certificate, this computer must trust it.`,
    );
  }
  if (/ECONNREFUSED/.test(raw)) {
    return make(NOTIFY_UNREACHABLE, 'refused', `The mail server ${server} refused the connection.`, `Check the server name and port in the email settings, and that a firewall allows outgoing connections to port ${ctx.port}.`);
  }
  if (e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(raw)) {
    return make(NOTIFY_UNREACHABLE, 'dns', `The mail server name ${ctx.host} cannot be found.`, 'Check the server name for typos and that this computer is connected to the network.');
  }
  if (e.code === 'ETIMEDOUT' || /ETIMEDOUT|timeout|Greeting never received/i.test(raw)) {
    return make(NOTIFY_UNREACHABLE, 'timeout', `The mail server ${server} did not answer in time (${said}).`, `Check the server name and port. ${portHint} A firewall may also be dropping the connection.`);
  }
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET') {
    return make(NOTIFY_UNREACHABLE, 'connection', `The connection to the mail server ${server} failed (${said}).`, `Check the server name and port. ${portHint}`);
  }
  if (e.code === 'EMESSAGE') {
    return make(NOTIFY_FAILED, 'message-rejected', `The mail server ${server} refused the message (${said}).`, 'The server may limit size or content; ask its administrator, or use another channel meanwhile.');
  }
  return make(NOTIFY_FAILED, 'smtp', `Sending email through ${server} failed (${said}).`, 'Check the email settings and use "Send test"; if it keeps failing, ask the mail server\'s administrator.');
}

/** OpenSSL's own words are unreadable for the common cases. */
function tlsReason(raw: string): string | undefined {
  if (/wrong version number|unknown protocol|packet length too long/i.test(raw)) return 'the server does not speak TLS on this port yet; it may expect STARTTLS';
  return undefined;
}

function clean(message: string, ctx: SmtpErrorContext): string {
  let text = message.replace(/\s+/g, ' ').trim();
  // Very short passwords would mask ordinary letters; no server echoes a password anyway.
  if (ctx.password && ctx.password.length >= 4) text = text.split(ctx.password).join('***');
  return redact(text.length > 300 ? `${text.slice(0, 299)}…` : text);
}
