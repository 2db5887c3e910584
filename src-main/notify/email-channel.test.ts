// Real SMTP over TLS on 127.0.0.1: the channel must deliver, and explain each way it can fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../test/helpers/http-sink';
import { makeTestCert, startSmtpServer, type TestCert, type TestSmtpServer } from '../../test/helpers/smtp-server';
import { rejectsWith } from '../crypto/fixtures/age-test-helpers';
import { EmailChannel, type EmailConfig } from './email-channel';
import { renderMessage } from './messages';
import { sendTest } from './send-test';
import { failedEvent } from './test-fixtures';

const USER = 'lifeboat@office.example';
const PASSWORD = 'c0rrect-h0rse-battery';

let cert: TestCert;
let tlsServer: TestSmtpServer;
let starttlsServer: TestSmtpServer;

beforeAll(async () => {
  cert = makeTestCert();
  const users = { [USER]: PASSWORD };
  tlsServer = await startSmtpServer({ mode: 'tls', cert, users, rejectRecipients: ['nobody@office.example'] });
  starttlsServer = await startSmtpServer({ mode: 'starttls', cert, users });
});

afterAll(async () => {
  await tlsServer?.close();
  await starttlsServer?.close();
  cert?.cleanup();
});

function channel(config: Partial<EmailConfig> = {}, password = PASSWORD, trust = true): EmailChannel {
  return new EmailChannel({
    id: 'office-email',
    config: { host: '127.0.0.1', port: tlsServer.port, security: 'tls', user: USER, from: 'lifeboat@office.example', to: ['it@office.example', 'boss@office.example'], ...config },
    password,
    // Test only: trust the certificate made for this run, as a company CA would be trusted.
    tls: trust ? { ca: cert.cert } : undefined,
    timeouts: { connection: 3_000, greeting: 3_000, socket: 5_000 },
  });
}

const message = renderMessage(failedEvent(), { timeZone: 'UTC' });

describe('EmailChannel', () => {
  it('delivers over TLS with login: sender, recipients, subject, and a body with database, error and fix', async () => {
    const before = tlsServer.mails.length;
    await channel().send(message);
    const mail = tlsServer.mails[before]!;
    expect(mail.from).toBe('lifeboat@office.example');
    expect(mail.to).toEqual(['it@office.example', 'boss@office.example']);
    expect(mail.user).toBe(USER);
    expect(mail.secure).toBe(true);
    expect(mail.headers['from']).toBe('Lifeboat <lifeboat@office.example>');
    expect(mail.subject).toBe('[Lifeboat] Action needed: Backup of shop failed');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('shop');
      expect(body).toContain('could not connect to postgres://backup:***@db.office.lan:5432/shop: Connection refused');
      expect(body).toContain('Check that PostgreSQL is running on db.office.lan and accepts connections on port 5432.');
      expect(body).not.toContain('Sup3rS3cret');
    }
    expect(mail.text).toMatch(/^Database: +shop$/m);
    expect(mail.html).toContain('<th align="left" valign="top" style="padding:2px 12px 2px 0">Database</th>');
    expect(mail.raw).not.toContain(PASSWORD);
  });

  it('delivers with STARTTLS required (the server refuses AUTH before TLS)', async () => {
    await channel({ port: starttlsServer.port, security: 'starttls' }).send(message);
    const mail = starttlsServer.mails.at(-1)!;
    expect(mail.secure).toBe(true);
    expect(mail.user).toBe(USER);
    expect(mail.subject).toContain('Backup of shop failed');
  });

  it('explains a wrong password without showing it', async () => {
    const error = await rejectsWith(channel({}, 'wrong-password-123').send(message), 'DEST_AUTH_FAILED', ['wrong-password-123', PASSWORD]);
    expect(error.message).toContain(`The mail server 127.0.0.1:${tlsServer.port} rejected the login of "${USER}"`);
    expect(error.message).toContain('535');
    expect(error.fix).toContain('app password');
    expect(tlsServer.logins.at(-1)).toEqual({ user: USER, ok: false });
  });

  it('explains a closed port', async () => {
    const port = await closedPort();
    const error = await rejectsWith(channel({ port }).send(message), 'DEST_UNREACHABLE', [PASSWORD]);
    expect(error.message).toBe(`The mail server 127.0.0.1:${port} refused the connection.`);
    expect(error.fix).toContain('server name and port');
    expect(error.details?.reason).toBe('refused');
  });

  it('explains a certificate this computer does not trust', async () => {
    const error = await rejectsWith(channel({}, PASSWORD, false).send(message), 'DEST_UNREACHABLE', [PASSWORD]);
    expect(error.message).toContain('The secure (TLS) connection to the mail server');
    expect(error.message).toMatch(/self[- ]signed/);
    expect(error.details?.reason).toBe('tls');
  });

  it('explains TLS chosen for a STARTTLS port', async () => {
    const error = await rejectsWith(channel({ port: starttlsServer.port, security: 'tls' }).send(message), 'DEST_UNREACHABLE');
    expect(error.message).toContain('may expect STARTTLS');
    expect(error.fix).toContain('Port 465 normally uses TLS from the start and port 587 STARTTLS');
  });

  it('explains a rejected recipient, naming it', async () => {
    const error = await rejectsWith(channel({ to: ['nobody@office.example'] }).send(message), 'BAD_INPUT', [PASSWORD]);
    expect(error.message).toContain('refused to deliver to nobody@office.example');
    expect(error.message).toContain('550');
    expect(error.fix).toContain('recipient addresses');
  });

  it('fails when only some recipients are refused, and the others still get it', async () => {
    const before = tlsServer.mails.length;
    const error = await rejectsWith(channel({ to: ['it@office.example', 'nobody@office.example'] }).send(message), 'BAD_INPUT');
    expect(error.message).toContain('nobody@office.example');
    expect(tlsServer.mails.slice(before).map((m) => m.to)).toEqual([['it@office.example']]);
  });

  it('"Send test" delivers a labelled test message', async () => {
    const ch = channel();
    await expect(sendTest(ch, { hostName: 'office-pc' })).resolves.toEqual({ ok: true });
    const mail = tlsServer.mails.at(-1)!;
    expect(mail.subject).toBe('[Lifeboat] Lifeboat test notification');
    expect(mail.text).toContain('This is a test message from Lifeboat on office-pc');
    expect(mail.text).toContain(`email to it@office.example, boss@office.example via 127.0.0.1:${tlsServer.port} (TLS)`);
  });

  it('rejects bad settings before connecting', () => {
    expect(() => channel({ to: [] })).toThrow(/email settings of "office-email" are not valid: to/);
    expect(() => channel({ from: 'not an address' })).toThrow(/from/);
    expect(() => channel({}, '')).toThrow(/no password/);
  });
});
