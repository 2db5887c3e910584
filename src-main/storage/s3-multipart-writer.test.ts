import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { internalError, isUploadPart, maxConcurrent, slowDown, startFaultProxy, type FaultProxy, type SeenRequest } from '../../test/helpers/fault-proxy';
import { startS3Server, type S3TestServer } from '../../test/helpers/s3-server';
import type { DestinationWriter } from './destination';
import { S3Destination, type S3DestinationOptions } from './s3-destination';
import type { RetryEvent } from './s3-retry';
import { MIN_PART_BYTES } from './s3-part-size';

const PART = MIN_PART_BYTES; // 5 MiB, S3's minimum, so tests move little data
// Short backoff, so any wait of a second or more in these tests comes from Retry-After.
const FAST: S3DestinationOptions = { firstPartBytes: PART, retry: { baseDelayMs: 10, throttlingBaseDelayMs: 10, maxDelayMs: 100 } };

let s3: S3TestServer;
let proxy: FaultProxy;
const opened: S3Destination[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.stop();
});
afterEach(async () => {
  for (const dest of opened.splice(0)) dest.destroy();
  await proxy?.stop();
});

async function destination(options: S3DestinationOptions = {}): Promise<S3Destination> {
  proxy = await startFaultProxy({ host: s3.host, port: s3.port });
  const dest = new S3Destination(
    { endpoint: proxy.endpoint, region: s3.region, bucket: s3.bucket, prefix: 'mp', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    { ...FAST, ...options },
  );
  opened.push(dest);
  return dest;
}

/** Writes like the backup's fan-out does: 256 KiB chunks, waiting for 'drain' when told to. */
async function writeAll(writer: DestinationWriter, data: Buffer, upTo = data.length): Promise<void> {
  for (let offset = 0; offset < upTo; offset += 256 * 1024) {
    if (!writer.stream.write(data.subarray(offset, Math.min(upTo, offset + 256 * 1024)))) {
      await new Promise<void>((resolve, reject) => {
        const settle = (error?: Error) => {
          writer.stream.off('drain', settle);
          writer.stream.off('error', settle);
          if (error) reject(error);
          else resolve();
        };
        writer.stream.on('drain', settle);
        writer.stream.on('error', settle);
      });
    }
  }
}

async function readAll(dest: S3Destination, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await dest.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const partNumber = (n: number) => (r: SeenRequest) => isUploadPart(r) && r.query.get('partNumber') === String(n);

describe('S3 multipart writer', () => {
  it('streams ~40 MB as parts, at most 3 in flight, and the object matches byte for byte', async () => {
    const dest = await destination();
    const data = randomBytes(8 * PART - 12_345); // 8 parts, the last one short
    const writer = await dest.createWriter('big/dump.bin');
    await writeAll(writer, data);
    await writer.commit();

    const parts = proxy.requests.filter(isUploadPart);
    expect(parts.map((r) => Number(r.query.get('partNumber'))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parts.every((r) => typeof r.headers['content-md5'] === 'string')).toBe(true);
    expect(maxConcurrent(parts)).toBeLessThanOrEqual(3);
    expect(proxy.requests.filter((r) => r.method === 'PUT' && !r.query.has('uploadId'))).toHaveLength(0);
    expect((await readAll(dest, 'big/dump.bin')).equals(data)).toBe(true);
    expect(s3.incompleteUploads()).toEqual([]);
    await dest.remove('big/dump.bin');
  });

  it('uses one PutObject below one part, and a one-part upload at exactly one part', async () => {
    const dest = await destination();
    const small = await dest.createWriter('small.bin');
    await writeAll(small, randomBytes(PART - 1));
    await small.commit();
    const exact = await dest.createWriter('exact.bin');
    const data = randomBytes(PART);
    await writeAll(exact, data);
    await exact.commit();
    expect(proxy.requests.filter((r) => r.method === 'PUT' && !r.query.has('uploadId'))).toHaveLength(1);
    expect(proxy.requests.filter(isUploadPart)).toHaveLength(1);
    expect((await readAll(dest, 'exact.bin')).equals(data)).toBe(true);
    await dest.remove('small.bin');
    await dest.remove('exact.bin');
  });

  it('survives 503 SlowDown (waiting for Retry-After), 500 and a connection cut mid-part', async () => {
    const retries: RetryEvent[] = [];
    const dest = await destination({ onRetry: (e) => retries.push(e) });
    proxy.addFault({ match: partNumber(2), times: 1, action: slowDown(1) });
    proxy.addFault({ match: partNumber(3), times: 1, action: internalError() });
    proxy.addFault({ match: partNumber(4), times: 1, action: { kind: 'reset-request', afterBytes: 1024 * 1024 } });
    const data = randomBytes(5 * PART + 1000);
    const writer = await dest.createWriter('faulty/dump.bin');
    await writeAll(writer, data);
    await writer.commit();

    const attempts = (n: number) => proxy.requests.filter(partNumber(n));
    expect(attempts(2).map((r) => r.fault)).toEqual(['error', undefined]);
    expect(attempts(3).map((r) => r.fault)).toEqual(['error', undefined]);
    expect(attempts(4).map((r) => r.fault)).toEqual(['reset-request', undefined]);
    // Retry-After: 1 was honoured: the second try of part 2 came at least a second after the 503.
    expect(attempts(2)[1]!.at - attempts(2)[0]!.doneAt!).toBeGreaterThanOrEqual(950);
    expect(retries.find((e) => e.reason === 'SlowDown')?.retryAfterMs).toBeGreaterThan(900);
    expect(retries.map((e) => e.reason).sort()).toEqual(expect.arrayContaining(['InternalError', 'SlowDown']));

    expect((await readAll(dest, 'faulty/dump.bin')).equals(data)).toBe(true);
    expect(s3.incompleteUploads()).toEqual([]);
    await dest.remove('faulty/dump.bin');
  });

  it('finishes when the reply to CompleteMultipartUpload is lost and the retry finds no upload', async () => {
    const dest = await destination();
    proxy.addFault({ match: (r) => r.method === 'POST' && r.query.has('uploadId'), times: 1, action: { kind: 'reset-response', afterBytes: 0 } });
    const data = randomBytes(2 * PART + 10);
    const writer = await dest.createWriter('lost-reply.bin');
    await writeAll(writer, data);
    await writer.commit();
    expect(proxy.requests.filter((r) => r.method === 'POST' && r.query.has('uploadId'))).toHaveLength(2);
    expect((await readAll(dest, 'lost-reply.bin')).equals(data)).toBe(true);
    await dest.remove('lost-reply.bin');
  });

  it('abort mid-stream, with parts still in flight, leaves no object and no unfinished upload', async () => {
    const dest = await destination();
    proxy.addFault({ match: isUploadPart, times: 10, action: { kind: 'delay', ms: 2_000 } });
    const writer = await dest.createWriter('aborted/dump.bin');
    await writeAll(writer, randomBytes(3 * PART), 2 * PART + 1000);
    await until(() => proxy.requests.filter(isUploadPart).length === 2); // both parts are on their way
    expect(s3.incompleteUploads()).toEqual(['mp/aborted/dump.bin']);
    writer.stream.destroy();
    const started = Date.now();
    await writer.abort();
    expect(Date.now() - started).toBeLessThan(1_500); // in-flight parts were cancelled, not waited for
    await writer.abort(); // twice is fine
    expect(s3.incompleteUploads()).toEqual([]);
    expect(s3.objects()).toEqual([]);
    await expect(writer.commit()).rejects.toBeInstanceOf(LifeboatError);
  });

  it('a part that keeps failing errors the stream and commit; abort then cleans up', async () => {
    const dest = await destination();
    proxy.addFault({ match: partNumber(1), times: 100, action: { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } });
    const writer = await dest.createWriter('denied/dump.bin');
    const streamError = new Promise<unknown>((resolve) => writer.stream.once('error', resolve));
    await writeAll(writer, randomBytes(3 * PART)).catch(() => undefined);
    const error = await streamError;
    expect(error).toBeInstanceOf(LifeboatError);
    expect((error as LifeboatError).code).toBe('DEST_NOT_WRITABLE');
    await expect(writer.commit()).rejects.toMatchObject({ code: 'DEST_NOT_WRITABLE' });
    await writer.abort();
    expect(s3.incompleteUploads()).toEqual([]);
    expect(s3.objects()).toEqual([]);
    expect(proxy.requests.filter(partNumber(1))).toHaveLength(1); // 403 is final, not retried
  });

  it('paces uploads to the bandwidth limit', async () => {
    proxy = await startFaultProxy({ host: s3.host, port: s3.port });
    const dest = new S3Destination(
      { endpoint: proxy.endpoint, region: s3.region, bucket: s3.bucket, prefix: 'mp', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, bandwidthLimitBytesPerSecond: 512 * 1024 },
      FAST,
    );
    opened.push(dest);
    const started = performance.now();
    await dest.writeSmall('paced.bin', randomBytes(768 * 1024)); // 1.5 s at 512 KiB/s, less the burst
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThan(1_200);
    expect(ms).toBeLessThan(3_000);
    await dest.remove('paced.bin');
  });
});

describe('S3 multipart writer integrity checks', () => {
  it('resends a part the service got damaged (Content-MD5 mismatch)', async () => {
    const dest = await destination();
    proxy.addFault({ match: partNumber(2), times: 1, action: { kind: 'corrupt-request', atByte: 12_345 } });
    const data = randomBytes(2 * PART + 5);
    const writer = await dest.createWriter('damaged.bin');
    await writeAll(writer, data);
    await writer.commit();
    expect(proxy.requests.filter(partNumber(2)).map((r) => r.fault)).toEqual(['corrupt-request', undefined]);
    expect((await readAll(dest, 'damaged.bin')).equals(data)).toBe(true);
    await dest.remove('damaged.bin');
  });

  it('fails the commit when the stored object’s ETag differs from what was sent; abort removes it', async () => {
    const dest = await destination();
    proxy.addFault({ match: (r) => r.method === 'HEAD', times: 1, action: { kind: 'set-response-header', name: 'etag', value: `"${'0'.repeat(32)}-2"` } });
    const writer = await dest.createWriter('tampered.bin');
    await writeAll(writer, randomBytes(PART + 7));
    const error = await writer.commit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifeboatError);
    expect((error as LifeboatError).message).toContain('does not match what was sent');
    expect(s3.objects()).toEqual(['mp/tampered.bin']);
    await writer.abort();
    expect(s3.objects()).toEqual([]);
  });

  it('fails the commit when the stored object is shorter than what was sent', async () => {
    const dest = await destination();
    proxy.addFault({ match: (r) => r.method === 'HEAD', times: 1, action: { kind: 'set-response-header', name: 'content-length', value: '100' } });
    const writer = await dest.createWriter('short.bin');
    await writeAll(writer, randomBytes(1000));
    await expect(writer.commit()).rejects.toMatchObject({ code: 'DEST_FAILED', message: expect.stringContaining('has 100 bytes, but 1000 were sent') });
    await writer.abort();
    expect(s3.objects()).toEqual([]);
  });
});
