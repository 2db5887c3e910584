// Serves the built UI (dist/renderer) on app://lifeboat/: resolves request paths strictly
// inside the folder, with correct MIME types (module scripts need them) and the security
// headers (CSP, nosniff…) on every response. Pure apart from the injected readFile, so the tests run it on a temp folder.
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeOf } from '../content-types';
import { isAppUrl } from './app-origin';

/** Kept under this name for the protocol handler; the table is shared with `lifeboat serve`. */
export const contentTypeFor = contentTypeOf;

/** The file an app:// URL names inside `rootDir`, or null (foreign URL, traversal, bad escape). */
export function rendererFilePath(rootDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const relative = pathname.replace(/^[/\\]+/, '') || 'index.html';
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? file : null;
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/** The protocol.handle handler for app://. */
export function rendererHandler(
  rootDir: string,
  securityHeaders: Readonly<Record<string, string>>,
  readFile: ReadFile = fsReadFile,
): (request: { url: string; method: string }) => Promise<Response> {
  const headers = (file: string): Record<string, string> => ({ ...securityHeaders, 'X-Content-Type-Options': 'nosniff', 'Content-Type': contentTypeFor(file) });
  const notFound = () => new Response('Not found', { status: 404, headers: headers('404.txt') });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const file = rendererFilePath(rootDir, request.url);
    if (file === null) return notFound();
    for (const candidate of path.extname(file) === '' ? [file, path.join(path.resolve(rootDir), 'index.html')] : [file]) {
      try {
        const body = await readFile(candidate);
        return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: headers(candidate) });
      } catch {
        // Missing: a client-side route (no extension) falls back to index.html; assets 404.
      }
    }
    return notFound();
  };
}
