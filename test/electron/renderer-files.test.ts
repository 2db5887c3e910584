import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentTypeFor, rendererFilePath, rendererHandler } from '../../src-main/hosts/electron/renderer-files';

const root = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-renderer-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Lifeboat</title>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(os.tmpdir(), 'lifeboat-secret.txt'), 'outside');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CSP = "default-src 'self'";
const HEADERS = { 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer' };

describe('rendererFilePath', () => {
  it.each([
    ['app://lifeboat/', 'index.html'],
    ['app://lifeboat/index.html', 'index.html'],
    ['app://lifeboat/assets/app.js?v=1#x', 'assets/app.js'],
    ['app://lifeboat/assets/a%20b.css', 'assets/a b.css'],
  ])('%s → %s', (url, relative) => {
    expect(rendererFilePath(root, url)).toBe(path.join(root, relative));
  });

  it.each([
    'app://lifeboat/../lifeboat-secret.txt',
    'app://lifeboat/%2e%2e/lifeboat-secret.txt',
    'app://lifeboat/assets/%2e%2e%2f%2e%2e%2flifeboat-secret.txt',
    'app://lifeboat/..%5c..%5cwindows%5cwin.ini',
  ])('never leaves the folder: %s', (url) => {
    const file = rendererFilePath(root, url);
    // Refused, or (when URL parsing folded the dots first) still inside the folder.
    expect(file === null || file.startsWith(root + path.sep)).toBe(true);
  });

  it.each(['app://lifeboat/assets/%2e%2e%2f%2e%2e%2flifeboat-secret.txt', 'app://lifeboat/%00index.html', 'app://lifeboat/%E0%A4%A', 'app://other/index.html', 'file:///etc/passwd', 'https://lifeboat/index.html'])(
    'refuses %s',
    (url) => {
      expect(rendererFilePath(root, url)).toBeNull();
    },
  );
});

describe('rendererHandler', () => {
  const handler = rendererHandler(root, HEADERS);
  const get = (url: string, method = 'GET') => handler({ url, method });

  it('serves files with their MIME type, the CSP and nosniff', async () => {
    const page = await get('app://lifeboat/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('<title>Lifeboat</title>');
    const script = await get('app://lifeboat/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('falls back to index.html for client-side routes, 404s for missing assets and foreign paths', async () => {
    expect(await (await get('app://lifeboat/jobs/nightly')).text()).toContain('Lifeboat');
    const missing = await get('app://lifeboat/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CSP);
    expect((await get('app://lifeboat/%2e%2e/lifeboat-secret.txt')).status).toBe(404);
    expect((await get('app://lifeboat/index.html', 'POST')).status).toBe(405);
  });

  it('maps extensions to MIME types', () => {
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.exe')).toBe('application/octet-stream');
  });
});
