// A real S3-compatible server for tests: s3rver on 127.0.0.1 (free port, temp dir, silent), with
// the multipart calls it lacks served in front of it (UploadPart with Content-MD5 checks, Abort,
// ListParts), and a look at its files to assert which objects and unfinished uploads exist.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface S3TestServer {
  endpoint: string;
  host: string;
  port: number;
  region: string;
  bucket: string;
  /** s3rver accepts exactly this key pair; it checks the key id, not the signature. */
  accessKeyId: string;
  secretAccessKey: string;
  directory: string;
  /** Keys of every stored object, sorted. */
  objects(bucket?: string): string[];
  /** Object keys of multipart uploads that were neither completed nor aborted. */
  incompleteUploads(bucket?: string): string[];
  stop(): Promise<void>;
}

interface S3rverInstance {
  configureBuckets(): Promise<void>;
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  logger?: { close(): void };
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);
const OBJECT_SUFFIX = '._S3rver_object';
const UPLOADS_DIR = '._S3rver_uploads';

export async function startS3Server(options: { buckets?: string[] } = {}): Promise<S3TestServer> {
  patchDesForOpenSsl3();
  const buckets = options.buckets ?? ['lifeboat-test'];
  const directory = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-s3rver-'));
  const S3rver = require('s3rver') as S3rverConstructor;
  const app = new S3rver({ silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
  await app.configureBuckets();
  const handle = app.callback();
  const server = http.createServer((req, res) => {
    if (!multipartShim(directory, req, res)) handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const uploadsOf = (bucket: string) => path.join(directory, bucket, UPLOADS_DIR);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    region: 'us-east-1',
    bucket: buckets[0]!,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    directory,
    objects(bucket = buckets[0]!) {
      const root = path.join(directory, bucket);
      if (!existsSync(root)) return [];
      return readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(OBJECT_SUFFIX) && !path.relative(root, e.parentPath).split(path.sep).includes(UPLOADS_DIR))
        .map((e) => path.relative(root, path.join(e.parentPath, e.name.slice(0, -OBJECT_SUFFIX.length))).split(path.sep).join('/'))
        .sort();
    },
    incompleteUploads(bucket = buckets[0]!) {
      const dir = uploadsOf(bucket);
      if (!existsSync(dir)) return [];
      return readdirSync(dir).map((id) => {
        const keyFile = path.join(dir, id, 'key');
        return existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : `(upload ${id})`;
      });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      app.logger?.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Serves the multipart calls that s3rver 3.7 lacks or gets wrong, the way S3 does:
 * - UploadPart: checks Content-MD5 (BadDigest), and stores the part only if the upload still exists
 *   when the last byte has arrived (s3rver recreates an aborted upload's folder, or crashes on it);
 * - AbortMultipartUpload (s3rver: 405) and ListParts (s3rver: 405);
 * - anything for an upload that no longer exists: 404 NoSuchUpload.
 */
function multipartShim(directory: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://s3rver');
  const uploadId = url.searchParams.get('uploadId');
  if (!uploadId) return false;
  const bucket = url.pathname.split('/')[1] ?? '';
  if (!/Credential=S3RVER\//.test(req.headers.authorization ?? '')) return false; // s3rver answers InvalidAccessKeyId
  const uploadDir = path.join(directory, bucket, UPLOADS_DIR, path.basename(uploadId));
  const uploadExists = () => existsSync(path.join(uploadDir, 'key'));
  if (req.method === 'DELETE') {
    req.resume();
    if (!existsSync(uploadDir)) return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    rmSync(uploadDir, { recursive: true, force: true });
    res.writeHead(204).end();
    return true;
  }
  if (!uploadExists()) {
    req.resume();
    return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
  }
  if (req.method === 'GET') {
    const parts = readdirSync(uploadDir).filter((name) => /^\d+$/.test(name));
    const xml = parts.map((n) => `<Part><PartNumber>${n}</PartNumber><Size>${statSync(path.join(uploadDir, n)).size}</Size></Part>`).join('');
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult><Bucket>${bucket}</Bucket><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${xml}</ListPartsResult>`;
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body);
    return true;
  }
  if (req.method === 'PUT' && url.searchParams.has('partNumber')) {
    const partNumber = Number(url.searchParams.get('partNumber'));
    const temporary = path.join(directory, `.part-${randomBytes(8).toString('hex')}`);
    const file = createWriteStream(temporary);
    const hash = createHash('md5');
    req.on('data', (chunk: Buffer) => hash.update(chunk));
    req.pipe(file);
    const discard = () => {
      req.unpipe(file);
      file.destroy();
      rmSync(temporary, { force: true });
    };
    // The client hung up mid-part: nothing is stored, as on S3.
    req.on('close', () => {
      if (!req.complete) discard();
    });
    file.on('error', () => {
      discard();
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
    });
    file.on('finish', () => {
      const digest = hash.digest();
      const sentMd5 = req.headers['content-md5'];
      if (typeof sentMd5 === 'string' && sentMd5 !== digest.toString('base64')) {
        rmSync(temporary, { force: true });
        return sendError(res, 400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
      }
      if (!uploadExists()) {
        rmSync(temporary, { force: true });
        return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
      }
      renameSync(temporary, path.join(uploadDir, String(partNumber)));
      writeFileSync(path.join(uploadDir, `${partNumber}.md5`), digest.toString('hex'));
      res.writeHead(200, { etag: `"${digest.toString('hex')}"`, 'content-length': 0 }).end();
    });
    return true;
  }
  return false;
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): true {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body);
  return true;
}

let desPatched = false;

/**
 * s3rver makes ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node ≥ 17) no longer
 * offers, so every truncated listing fails with 500. Triple DES with the key repeated three times is
 * exactly single DES, so the tokens stay the same; only the 'des' algorithm is redirected.
 */
function patchDesForOpenSsl3(): void {
  if (desPatched) return;
  desPatched = true;
  const crypto = require('node:crypto') as typeof import('node:crypto');
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return;
  } catch {
    // unsupported: patch below
  }
  const { createCipheriv, createDecipheriv } = crypto;
  const tripled = (key: unknown) => Buffer.concat([key as Buffer, key as Buffer, key as Buffer]);
  Object.assign(crypto, {
    createCipheriv: (algorithm: string, key: Buffer, iv: Buffer | null, options?: unknown) =>
      algorithm === 'des' ? createCipheriv('des-ede3-cbc', tripled(key), iv) : (createCipheriv as (...a: unknown[]) => unknown)(algorithm, key, iv, options),
    createDecipheriv: (algorithm: string, key: Buffer, iv: Buffer | null, options?: unknown) =>
      algorithm === 'des' ? createDecipheriv('des-ede3-cbc', tripled(key), iv) : (createDecipheriv as (...a: unknown[]) => unknown)(algorithm, key, iv, options),
  });
}
