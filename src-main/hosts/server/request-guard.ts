// Defences for a server on 127.0.0.1: a web page elsewhere can make the browser talk to it, so
// requests must name this server in Host (defeats DNS rebinding: evil.example resolving to
// 127.0.0.1 still sends Host: evil.example) and, when they carry an Origin, come from this very
// origin (defeats cross-site requests).
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { LifeboatError } from '../../../src-shared/errors';

/** Loopback addresses only: this server is for the person at this computer. */
export function checkListenHost(host: string): string {
  const plain = host.replace(/^\[|\]$/g, '');
  if (plain === 'localhost') return '127.0.0.1';
  if (plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'))) return plain;
  throw new LifeboatError('BAD_INPUT', `lifeboat serve listens only on this computer (127.0.0.1, another 127.x address or ::1), not on "${host}".`, {
    fix: 'To use it from another computer, forward a port over SSH: ssh -L 7870:127.0.0.1:7870 SERVER, then run lifeboat serve --port 7870 there.',
  });
}

/** How the address appears in a URL and a Host header. */
export function urlHost(listenHost: string): string {
  return listenHost.includes(':') ? `[${listenHost}]` : listenHost;
}

export function allowedHosts(listenHost: string, port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${urlHost(listenHost)}:${port}`]);
}

export type GuardResult = { ok: true; host: string } | { ok: false; status: number; message: string };

export function guardRequest(req: IncomingMessage, hosts: ReadonlySet<string>): GuardResult {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) {
    return { ok: false, status: 421, message: `This Lifeboat server answers only to ${[...hosts][0]}, not to "${host.slice(0, 100)}".` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { ok: false, status: 403, message: 'Requests from other web pages are refused.' };
  }
  return { ok: true, host };
}
