// Email over SMTP, always encrypted: TLS from the first byte (port 465) or STARTTLS required
// (port 587); never plain text, since the login would cross the network readable.
import nodemailer from 'nodemailer';
import { LifeboatError } from '../../src-shared/errors';
import type { NotifyChannel } from './channel';
import { emailConfigSchema, type EmailConfig } from './email-config';
import { emailContent } from './email-content';
import type { NotifyMessage } from './messages';
import { NOTIFY_BAD_CONFIG } from './notify-errors';
import { explainSmtpError, type SmtpErrorContext } from './smtp-errors';

export { emailConfigSchema, type EmailConfig };

export interface EmailChannelOptions {
  id: string;
  config: EmailConfig;
  /** From the keychain; never logged, shown or put in an error. */
  password?: string;
  /**
   * Extra trust for servers with their own certificate authority (`ca`, PEM). Turning
   * verification off (`rejectUnauthorized: false`) is for tests only.
   */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Milliseconds; defaults suit a slow office line. */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
}

export class EmailChannel implements NotifyChannel {
  readonly kind = 'email' as const;
  readonly id: string;
  readonly config: EmailConfig;
  readonly #password: string | undefined;
  readonly #tls: EmailChannelOptions['tls'];
  readonly #timeouts: NonNullable<EmailChannelOptions['timeouts']>;

  constructor(options: EmailChannelOptions) {
    this.id = options.id;
    this.config = parseEmailConfig(options.config, options.id);
    if (this.config.user && !options.password) {
      throw new LifeboatError(NOTIFY_BAD_CONFIG, `The email settings of "${options.id}" have a user name but no password.`, {
        fix: 'Enter the mail account\'s password (or app password) in the email settings.',
      });
    }
    this.#password = options.password;
    this.#tls = options.tls;
    this.#timeouts = options.timeouts ?? {};
  }

  describe(): string {
    return `email to ${this.config.to.join(', ')} via ${this.config.host}:${this.config.port} (${this.config.security === 'tls' ? 'TLS' : 'STARTTLS'})`;
  }

  async send(message: NotifyMessage): Promise<void> {
    const { host, port, security, user, from, to } = this.config;
    const ctx: SmtpErrorContext = { host, port, security, user, password: this.#password };
    const transport = nodemailer.createTransport({
      host,
      port,
      secure: security === 'tls',
      requireTLS: security === 'starttls',
      auth: user ? { user, pass: this.#password } : undefined,
      tls: { minVersion: 'TLSv1.2', ...this.#tls },
      connectionTimeout: this.#timeouts.connection ?? 15_000,
      greetingTimeout: this.#timeouts.greeting ?? 15_000,
      socketTimeout: this.#timeouts.socket ?? 30_000,
      logger: false,
      debug: false,
    });
    const content = emailContent(message);
    try {
      const info = await transport.sendMail({ from: { name: 'Lifeboat', address: from }, to, subject: content.subject, text: content.text, html: content.html });
      const rejected = (info.rejected ?? []).map((r) => (typeof r === 'string' ? r : r.address));
      if (rejected.length > 0) {
        // Some recipients got it; still an error, or nobody would learn the others did not.
        throw explainSmtpError(
          Object.assign(new Error('Recipient command failed'), { code: 'EENVELOPE', command: 'RCPT TO', rejected, response: String(info.response ?? '') }),
          ctx,
        );
      }
    } catch (error) {
      throw explainSmtpError(error, ctx);
    } finally {
      transport.close();
    }
  }
}

export function parseEmailConfig(config: unknown, id: string): EmailConfig {
  const parsed = emailConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'settings';
  throw new LifeboatError(NOTIFY_BAD_CONFIG, `The email settings of "${id}" are not valid: ${where}: ${issue?.message ?? 'invalid'}.`, {
    fix: 'Fill in the mail server, port (465 for TLS, 587 for STARTTLS), the From address and at least one recipient.',
  });
}
