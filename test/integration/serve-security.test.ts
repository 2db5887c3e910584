// `lifeboat serve` as a user starts it: a real process on 127.0.0.1 with a real keychain
// (gnome-keyring in its own D-Bus session) and a real PostgreSQL. Everything needs the token
// (cookie or Bearer), foreign Host and Origin headers are refused, schema failures are 400
// envelopes naming the field, events arrive over SSE, the recovery kit is shown once, every
// response carries the CSP, and SIGTERM shuts it down cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/hosts/csp';
import { CLI_ENTRY } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { createWorkspace, type Workspace } from '../helpers/workspace';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: () => any;
}

describe('lifeboat serve (PostgreSQL 15, keychain in a D-Bus session)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let child: ChildProcess;
  let servePid = 0;
  let port = 0;
  let token = '';
  let stdout = '';
  let stderr = '';
  let exited: Promise<number | null>;

  function send(method: string, pathname: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: pathname, headers: options.headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (t: string) => (body += t));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }));
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }
  const auth = () => ({ authorization: `Bearer ${token}` });
  const api = (method: string, body: unknown, headers: Record<string, string> = auth()) =>
    send('POST', `/api/${method}`, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const result = async (method: string, body: unknown) => {
    const reply = await api(method, body);
    expect(reply.status, reply.body).toBe(200);
    const envelope = reply.json();
    expect(envelope.error, JSON.stringify(envelope.error)).toBeUndefined();
    return envelope.result;
  };

  beforeAll(async () => {
    ws = createWorkspace();
    const home = path.join(ws.root, 'user-home');
    mkdirSync(home);
    await cluster().query('CREATE DATABASE shop');
    await cluster().query('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 2000)', 'shop');
    // The shell reports the server's pid, so the test can send it SIGTERM like a service manager would.
    const script = 'echo -n test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; node "$SERVE_CLI" serve --port 0 --no-scheduler & echo "serve-pid $!" >&2; wait $!';
    child = spawn('dbus-run-session', ['--', 'bash', '-c', script], {
      env: { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, '.local/share'), LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password, SERVE_CLI: CLI_ENTRY, LIFEBOAT_SECRETS: 'auto' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    let match: RegExpExecArray | null = null;
    while (!(match = /^Lifeboat is running at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})\n/m.exec(stdout))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`lifeboat serve did not start.\nstdout: ${stdout}\nstderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    port = Number(match[1]);
    token = match[2]!;
    servePid = Number(/serve-pid (\d+)/.exec(stderr)?.[1]);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    ws?.cleanup();
  });

  it('prints one line with the address and a 256-bit token', () => {
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(servePid).toBeGreaterThan(0);
  });

  it('refuses requests without the right token', async () => {
    for (const reply of [
      await send('GET', '/'),
      await api('dashboard.get', {}, {}),
      await api('dashboard.get', {}, { authorization: `Bearer ${token.slice(0, -1)}x` }),
      await api('dashboard.get', {}, { cookie: `lifeboat_token=${token}x` }),
      await send('GET', '/?token=not-the-token'),
      await send('GET', '/api/events'),
    ]) {
      expect(reply.status).toBe(401);
      expect(reply.headers['set-cookie']).toBeUndefined();
      expect(reply.body).toMatch(/needs its access token/);
    }
    const apiReply = await api('dashboard.get', {}, {});
    expect(apiReply.json()).toMatchObject({ error: { message: 'This Lifeboat server needs its access token.' } });
  });

  it('trades ?token= for an HttpOnly SameSite=Strict cookie and a redirect that drops it; the cookie then works', async () => {
    const first = await send('GET', `/?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([`lifeboat_token=${token}; HttpOnly; SameSite=Strict; Path=/`]);
    const deep = await send('GET', `/history?job=nightly&token=${token}`);
    expect(deep.headers.location).toBe('/history?job=nightly');
    const page = await send('GET', '/', { headers: { cookie: `theme=dark; lifeboat_token=${token}` } });
    expect(page.status).not.toBe(401);
    const dashboard = await api('dashboard.get', {}, { cookie: `lifeboat_token=${token}` });
    expect(dashboard.status).toBe(200);
    expect(dashboard.json().result).toMatchObject({ jobs: [], tray: 'idle' });
  });

  it('accepts Authorization: Bearer', async () => {
    expect((await result('app.info', {})).host).toBe('serve');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (cross-site)', async () => {
    const rebound = await send('GET', '/', { headers: { ...auth(), host: `evil.example:${port}` } });
    expect(rebound.status).toBe(421);
    const otherPort = await api('dashboard.get', {}, { ...auth(), host: `127.0.0.1:${port + 1}` });
    expect(otherPort.status).toBe(421);
    const crossSite = await api('dashboard.get', {}, { ...auth(), origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await api('dashboard.get', {}, { ...auth(), origin: 'null' })).status).toBe(403);
    const sameOrigin = await api('dashboard.get', {}, { ...auth(), origin: `http://127.0.0.1:${port}` });
    expect(sameOrigin.status).toBe(200);
    expect((await api('dashboard.get', {}, { ...auth(), host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('answers a schema failure with 400 naming the field, and keeps serving', async () => {
    const bad = await api('jobs.save', { config: { name: 'nightly' }, create: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'BAD_INPUT', message: expect.stringMatching(/^config\.source: required/), details: { field: 'config.source' } } });
    const notJson = await send('POST', '/api/dashboard.get', { headers: { ...auth(), 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
    const broken = await send('POST', '/api/dashboard.get', { headers: { ...auth(), 'content-type': 'application/json' }, body: '{"unfinished' });
    expect(broken.status).toBe(400);
    const huge = await send('POST', '/api/jobs.get', { headers: { ...auth(), 'content-type': 'application/json' }, body: Buffer.alloc(1024 * 1024 + 10, 0x20) });
    expect(huge.status).toBe(413);
    expect((await send('GET', '/api/dashboard.get', { headers: auth() })).status).toBe(405);
    expect((await api('no.such.method', {})).status).toBe(404);
    expect((await api('dashboard.get', {})).status).toBe(200);
  });

  it('puts the CSP and the other security headers on every response', async () => {
    for (const reply of [await send('GET', '/', { headers: auth() }), await api('dashboard.get', {}), await api('jobs.get', { name: '1' }), await send('GET', '/')]) {
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('streams work and changed events over SSE after jobs.runNow', async () => {
    const events: Array<{ event: string; payload: any }> = [];
    const stream = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/api/events', headers: { cookie: `lifeboat_token=${token}` } }, resolve).on('error', reject);
    });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    let buffer = '';
    stream.setEncoding('utf8').on('data', (text: string) => {
      buffer += text;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)));
      }
    });
    try {
      await result('destinations.save', { name: 'nas', kind: 'folder', path: ws.dest });
      await result('jobs.save', {
        config: {
          name: 'nightly',
          source: { host: '127.0.0.1', port: cluster().port, user: 'postgres', databases: { mode: 'list', names: ['shop'] } },
          schedule: { spec: { kind: 'daily', time: '02:30' }, timeZone: 'UTC' },
          destinations: ['nas'],
          encryption: { kind: 'public-key', recipients: [ws.recipient] },
        },
        create: true,
      });
      expect(await result('jobs.runNow', { name: 'nightly' })).toEqual({ queued: true });
      const deadline = Date.now() + 60_000;
      while (!events.some((e) => e.event === 'changed' && e.payload.what === 'backups')) {
        if (Date.now() > deadline) throw new Error(`no changed event: ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(events[0]).toMatchObject({ event: 'tray', payload: { state: 'idle' } });
      expect(events.some((e) => e.event === 'changed' && e.payload.what === 'destinations')).toBe(true);
      expect(events.some((e) => e.event === 'work' && e.payload.work.some((w: any) => w.job === 'nightly' && w.kind === 'backup'))).toBe(true);
      const rows = (await result('backups.list', { job: 'nightly' })).rows;
      expect(rows[0]).toMatchObject({ status: 'succeeded', database: 'shop' });
    } finally {
      stream.destroy();
    }
  });

  it('shows a recovery kit once, with its own style allowed by hash and no script', async () => {
    const key = await result('keys.generate', { label: 'serve test' });
    expect(key.recoveryKitUrl).toMatch(/^\/recovery-kit\/[A-Za-z0-9_-]+$/);
    const info = await result('app.info', {});
    expect(info.secretStore).toBe('the Secret Service keychain');
    expect((await send('GET', key.recoveryKitUrl)).status).toBe(401);
    const kit = await send('GET', key.recoveryKitUrl, { headers: { cookie: `lifeboat_token=${token}` } });
    expect(kit.status).toBe(200);
    expect(kit.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(kit.headers['cache-control']).toBe('no-store');
    expect(kit.body).toMatch(/AGE-SECRET-KEY-1[0-9A-Z]+/);
    expect(kit.body).toContain(key.recipient);
    expect(kit.headers['content-security-policy']).toMatch(/script-src 'none'; style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    const again = await send('GET', key.recoveryKitUrl, { headers: { cookie: `lifeboat_token=${token}` } });
    expect(again.status).toBe(404);
    expect(again.body).toMatch(/already shown/);
    expect(again.body).toMatch(/generate a new key/);
  });

  it('stops cleanly on SIGTERM', async () => {
    process.kill(servePid, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/Stopping/);
    await expect(send('GET', '/')).rejects.toThrow();
  });
});
