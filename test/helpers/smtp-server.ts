// A real SMTP server on 127.0.0.1 for tests (the smtp-server package): TLS from the start or
// STARTTLS, AUTH PLAIN/LOGIN against fixed users, recipients that can be refused, and a
// self-signed certificate made by openssl at test time. Received mail is parsed enough to assert on.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface TestCert {
  key: string;
  cert: string;
  cleanup(): void;
}

/** A one-day self-signed certificate for localhost and 127.0.0.1. */
export function makeTestCert(): TestCert {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  /** Whether the session was encrypted when the message was sent. */
  secure: boolean;
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

export interface TestSmtpServer {
  port: number;
  mails: ReceivedMail[];
  /** Every AUTH attempt: user name and whether it was accepted. */
  logins: Array<{ user: string; ok: boolean }>;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  mode: 'tls' | 'starttls';
  cert: TestCert;
  users: Record<string, string>;
  rejectRecipients?: string[];
}

export async function startSmtpServer(options: TestSmtpOptions): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const logins: TestSmtpServer['logins'] = [];
  const server = new SMTPServer({
    secure: options.mode === 'tls',
    key: options.cert.key,
    cert: options.cert.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    // Without TLS there is no AUTH: proves the client really upgraded.
    allowInsecureAuth: false,
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username !== undefined && options.users[auth.username] === auth.password;
      logins.push({ user: auth.username ?? '', ok });
      if (ok) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address)) {
        return callback(Object.assign(new Error(`Mailbox ${address.address} does not exist`), { responseCode: 550 }));
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        mails.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
          raw,
          ...parseMail(raw),
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined); // client-side TLS failures surface as server errors too
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Enough MIME for nodemailer's output: headers, multipart/alternative, quoted-printable, base64. */
export function parseMail(raw: string): { headers: Record<string, string>; subject: string; text: string; html: string } {
  const { headers, body } = splitPart(raw);
  const out = { headers, subject: decodeWords(headers['subject'] ?? ''), text: '', html: '' };
  for (const part of leafParts(headers, body)) {
    const type = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
    const decoded = decodeBody(part.body, part.headers['content-transfer-encoding']);
    if (type.startsWith('text/plain')) out.text = decoded;
    else if (type.startsWith('text/html')) out.html = decoded;
  }
  return out;
}

function splitPart(raw: string): { headers: Record<string, string>; body: string } {
  const normal = raw.replace(/\r\n/g, '\n');
  const end = normal.indexOf('\n\n');
  const head = end === -1 ? normal : normal.slice(0, end);
  const body = end === -1 ? '' : normal.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function leafParts(headers: Record<string, string>, body: string): Array<{ headers: Record<string, string>; body: string }> {
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) return [{ headers, body }];
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .flatMap((p) => {
      const part = splitPart(p.replace(/^\n/, ''));
      return leafParts(part.headers, part.body);
    });
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body).replace(/\n$/, '');
  return body.replace(/\n$/, '');
}

function decodeQuotedPrintable(text: string): string {
  const soft = text.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in headers. */
function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
