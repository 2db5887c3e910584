// The serve host's pieces in process, against a stand-in service: loopback-only listening,
// static files (content types, caching, no way out of the folder, a clear page when the UI
// is not built), event streams that unsubscribe, and the one-time kit route.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventName, ApiEvents } from '../../../src-shared/api';
import { silentLogger } from '../../log';
import type { LifeboatService } from '../../service/service-types';
import { checkListenHost } from './request-guard';
import { startServer, type RunningServer } from './server';
import { defaultStaticDir } from './static-files';

function fakeService() {
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  const kits = new Map([['kit-1', '<!doctype html><p>kit</p>']]);
  const service: LifeboatService = {
    call: async () => ({ result: { work: [] } }) as never,
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => void set.delete(listener as (payload: unknown) => void);
    },
    takeRecoveryKit: (id) => {
      const html = kits.get(id);
      kits.delete(id);
      return html;
    },
    trayState: () => ({ state: 'ok', tooltip: 'fine' }),
    startScheduler: () => undefined,
    wake: () => undefined,
    close: async () => undefined,
  };
  const emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  const count = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { service, emit, count };
}

function get(server: RunningServer, pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port: server.port, path: pathname, method, headers: { authorization: `Bearer ${server.token}`, ...headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (t: string) => (body += t));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject)
      .end();
  });
}

describe('serve host', () => {
  let root: string;
  let ui: string;
  let server: RunningServer;
  const fake = fakeService();

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-serve-'));
    ui = path.join(root, 'ui');
    mkdirSync(path.join(ui, 'assets'), { recursive: true });
    writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Lifeboat</title><script type="module" src="./assets/app-1234.js"></script>');
    writeFileSync(path.join(ui, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(path.join(ui, 'assets', 'style.css'), 'body{}');
    writeFileSync(path.join(root, 'secret.txt'), 'outside');
    server = await startServer({ service: fake.service, log: silentLogger, staticDir: ui, heartbeatMs: 50 });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on loopback addresses only', async () => {
    expect(checkListenHost('127.0.0.1')).toBe('127.0.0.1');
    expect(checkListenHost('127.0.0.2')).toBe('127.0.0.2');
    expect(checkListenHost('localhost')).toBe('127.0.0.1');
    expect(checkListenHost('[::1]')).toBe('::1');
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'example.com', '128.0.0.1']) expect(() => checkListenHost(host)).toThrowError(/only on this computer/);
    await expect(startServer({ service: fake.service, log: silentLogger, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(startServer({ service: fake.service, log: silentLogger, port: server.port })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/already in use/) });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('serves the built UI with content types and caching, index.html for client routes', async () => {
    const index = await get(server, '/');
    expect(index).toMatchObject({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
    expect(index.body).toContain('<title>Lifeboat</title>');
    expect(await get(server, '/assets/app-1234.js')).toMatchObject({ status: 200, body: 'console.log(1)', headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' } });
    expect((await get(server, '/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    for (const route of ['/history', '/jobs/nightly/edit', '/nothing.here']) expect((await get(server, route)).body).toBe(index.body);
    expect(await get(server, '/assets/app-1234.js', {}, 'HEAD')).toMatchObject({ status: 200, body: '' });
    expect((await get(server, '/', {}, 'DELETE')).status).toBe(405);
  });

  it('never serves a file outside the folder', async () => {
    for (const attempt of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%00', '/%E0%A4%A']) {
      const reply = await get(server, attempt);
      expect(reply.body, attempt).not.toContain('outside');
    }
  });

  it('says how to build the UI when there is none', async () => {
    const bare = await startServer({ service: fake.service, log: silentLogger, staticDir: path.join(root, 'missing') });
    try {
      const reply = await get(bare, '/');
      expect(reply.status).toBe(503);
      expect(reply.body).toContain('npm run build:renderer');
      expect(reply.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    } finally {
      await bare.close();
    }
    expect(defaultStaticDir()).toBe(path.resolve(import.meta.dirname, '..', '..', '..', 'dist', 'renderer'));
  });

  it('streams events with heartbeats and unsubscribes when the browser leaves', async () => {
    const before = fake.count();
    const received: string[] = [];
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { authorization: `Bearer ${server.token}` } }, resolve).on('error', reject);
    });
    res.setEncoding('utf8').on('data', (t: string) => received.push(t));
    await new Promise((r) => setTimeout(r, 120));
    expect(fake.count()).toBe(before + 3);
    fake.emit('changed', { what: 'jobs' });
    await new Promise((r) => setTimeout(r, 50));
    const text = received.join('');
    expect(text).toContain('data: {"event":"tray","payload":{"state":"ok","tooltip":"fine"}}\n\n');
    expect(text).toContain('data: {"event":"changed","payload":{"what":"jobs"}}\n\n');
    expect(text).toContain(': ping\n\n');
    res.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.count()).toBe(before);
  });

  it('hands out a recovery kit once, to GET only', async () => {
    expect((await get(server, '/recovery-kit/kit-1', {}, 'HEAD')).status).toBe(405);
    expect((await get(server, '/recovery-kit/kit-1', { authorization: 'Bearer nope' })).status).toBe(401);
    const kit = await get(server, '/recovery-kit/kit-1');
    expect(kit).toMatchObject({ status: 200, body: '<!doctype html><p>kit</p>' });
    expect((await get(server, '/recovery-kit/kit-1')).status).toBe(404);
  });
});
