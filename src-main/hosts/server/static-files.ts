// The built UI (dist/renderer, or --static DIR): files by path with their content type,
// index.html for / and for every other path the UI routes itself. index.html is never cached;
// Vite's hashed assets are cached for good. Nothing outside the folder is ever served.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendPage } from './responses';
import { contentTypeOf } from '../content-types';

/** dist/renderer of the checkout this code runs from (sources under tsx, or the bundled CLI in dist/cli). */
export function defaultStaticDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'renderer');
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from, '..', '..', '..', 'dist', 'renderer');
    dir = parent;
  }
}

export { contentTypeOf };

export class StaticFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file a URL path names inside the folder, or undefined (missing, a folder, or outside). */
  private resolve(pathname: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const file = path.resolve(this.root, `.${path.posix.normalize(`/${decoded}`)}`);
    if (file !== this.root && !file.startsWith(this.root + path.sep)) return undefined;
    try {
      return statSync(file).isFile() ? file : undefined;
    } catch {
      return undefined;
    }
  }

  handle(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const index = path.join(this.root, 'index.html');
    if (!existsSync(index)) {
      sendPage(res, 503, 'The Lifeboat UI is not built yet', [
        `lifeboat serve is running, but there is no built UI in ${this.root}.`,
        'Build it with: npm run build:renderer — then reload this page (or start lifeboat serve with --static DIR pointing to a built UI).',
      ]);
      return;
    }
    const file = (pathname !== '/' && this.resolve(pathname)) || index;
    const isIndex = file === index;
    const size = statSync(file).size;
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(size),
      'Cache-Control': isIndex ? 'no-store' : pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
