import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { isGetObject, isPutObject, startFaultProxy, type FaultProxy } from '../../test/helpers/fault-proxy';
import { startS3Server, type S3TestServer } from '../../test/helpers/s3-server';
import type { S3DestinationConfig } from './s3-config';
import { S3Destination, type S3DestinationOptions } from './s3-destination';

// Short waits: these tests are about what is retried and reported, not about patience.
const FAST: S3DestinationOptions = { retry: { baseDelayMs: 10, throttlingBaseDelayMs: 10, maxDelayMs: 100 } };

let s3: S3TestServer;
const opened: S3Destination[] = [];
const proxies: FaultProxy[] = [];

beforeAll(async () => {
  s3 = await startS3Server({ buckets: ['lifeboat-test', 'other-bucket'] });
});
afterAll(async () => {
  await s3.stop();
});
afterEach(async () => {
  for (const dest of opened.splice(0)) dest.destroy();
  for (const proxy of proxies.splice(0)) await proxy.stop();
});

function destination(overrides: Partial<S3DestinationConfig> = {}, options: S3DestinationOptions = {}): S3Destination {
  const dest = new S3Destination(
    { endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, prefix: 'office/pg', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...overrides },
    { ...FAST, ...options },
  );
  opened.push(dest);
  return dest;
}

async function viaProxy(overrides: Partial<S3DestinationConfig> = {}, options: S3DestinationOptions = {}): Promise<{ dest: S3Destination; proxy: FaultProxy }> {
  const proxy = await startFaultProxy({ host: s3.host, port: s3.port });
  proxies.push(proxy);
  return { dest: destination({ endpoint: proxy.endpoint, ...overrides }, options), proxy };
}

async function readAll(dest: S3Destination, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await dest.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function caught(promise: Promise<unknown>): Promise<LifeboatError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LifeboatError);
    return error as LifeboatError;
  }
  throw new Error('expected a LifeboatError');
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('S3Destination against s3rver', () => {
  it('writes, stats, lists, reads and removes objects under its prefix', async () => {
    const dest = destination();
    expect(dest.id).toBe(`s3:127.0.0.1:${s3.port}/lifeboat-test/office/pg`);
    await dest.preflight(1_000_000);
    await dest.writeSmall('job/a.manifest.json', Buffer.from('{"a":1}'));
    const writer = await dest.createWriter('job/a.dump');
    writer.stream.end(Buffer.alloc(300_000, 9));
    await writer.commit();
    await dest.writeSmall('jobx/b.bin', Buffer.from('b'));

    expect(s3.objects()).toEqual(['office/pg/job/a.dump', 'office/pg/job/a.manifest.json', 'office/pg/jobx/b.bin']);
    expect(await dest.stat('job/a.dump')).toEqual({ key: 'job/a.dump', size: 300_000 });
    expect(await dest.stat('job/missing')).toBeUndefined();

    const listed: string[] = [];
    for await (const o of dest.list('')) listed.push(`${o.key}:${o.size}`);
    expect(listed).toEqual(['job/a.dump:300000', 'job/a.manifest.json:7', 'jobx/b.bin:1']);
    const inJob: string[] = [];
    for await (const o of dest.list('job')) inJob.push(o.key);
    expect(inJob).toEqual(['job/a.dump', 'job/a.manifest.json']); // a folder, not a name prefix: no jobx/

    expect((await readAll(dest, 'job/a.manifest.json')).toString()).toBe('{"a":1}');
    expect(await readAll(dest, 'job/a.dump')).toEqual(Buffer.alloc(300_000, 9));
    const missing = await caught(dest.read('job/nope.dump'));
    expect(missing.code).toBe('BACKUP_NOT_FOUND');

    for (const key of ['job/a.dump', 'job/a.manifest.json', 'jobx/b.bin']) await dest.remove(key);
    expect(s3.objects()).toEqual([]);
    await dest.remove('job/a.dump'); // removing twice is fine
  });

  it('pages through long listings', async () => {
    const dest = destination({ prefix: 'paging' }, { listPageSize: 2 });
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    for (const key of keys) await dest.writeSmall(key, Buffer.from(key));
    const listed: string[] = [];
    for await (const o of dest.list('')) listed.push(o.key);
    expect(listed).toEqual(keys);
    for (const key of keys) await dest.remove(key);
  });

  it('shows nothing under the final key before commit, and writes empty objects', async () => {
    const dest = destination();
    const writer = await dest.createWriter('pending.bin');
    writer.stream.write(Buffer.alloc(1000, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await dest.stat('pending.bin')).toBeUndefined();
    await writer.commit();
    expect(await dest.stat('pending.bin')).toEqual({ key: 'pending.bin', size: 1000 });
    await dest.writeSmall('empty.bin', Buffer.alloc(0));
    expect(await dest.stat('empty.bin')).toEqual({ key: 'empty.bin', size: 0 });
    await dest.remove('pending.bin');
    await dest.remove('empty.bin');
  });

  it('rejects keys that escape the prefix', async () => {
    const dest = destination();
    expect((await caught(dest.createWriter('../other/x'))).code).toBe('BAD_INPUT');
  });

  it('resumes a download whose connection drops mid-body', async () => {
    const { dest, proxy } = await viaProxy({ prefix: 'resume' });
    const data = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    await dest.writeSmall('big.bin', data);
    proxy.addFault({ match: isGetObject, times: 1, action: { kind: 'reset-response', afterBytes: 1024 * 1024 } });
    expect((await readAll(dest, 'big.bin')).equals(data)).toBe(true);
    const gets = proxy.requests.filter(isGetObject);
    expect(gets).toHaveLength(2);
    expect(gets[1]!.headers.range).toMatch(/^bytes=\d+-$/);
    expect(gets[1]!.headers['if-match']).toBeTruthy();
    await dest.remove('big.bin');
  });
});

describe('S3Destination errors', () => {
  it('wrong access key: names the key problem, not the bucket', async () => {
    const dest = destination({ accessKeyId: 'WRONGKEY', secretAccessKey: 'WRONGSECRET' });
    const error = await caught(dest.preflight(0));
    expect(error.code).toBe('DEST_AUTH_FAILED');
    expect(error.details?.reason).toBe('auth');
    expect(error.details?.s3Code).toBe('InvalidAccessKeyId');
    expect(error.message).toContain(`127.0.0.1:${s3.port}`);
    expect(error.message).toContain('lifeboat-test');
    expect(error.fix).toContain('key ID');
    expect(JSON.stringify(error.toData())).not.toMatch(/WRONGKEY|WRONGSECRET/);
    const onWrite = await caught(dest.writeSmall('x.bin', Buffer.from('x')));
    expect(onWrite.details?.reason).toBe('auth');
  });

  it('missing bucket: says the bucket does not exist', async () => {
    const dest = destination({ bucket: 'no-such-bucket' });
    const error = await caught(dest.preflight(0));
    expect(error.code).toBe('DEST_NOT_FOUND');
    expect(error.details?.reason).toBe('no-bucket');
    expect(error.message).toContain('no-such-bucket');
    const onWrite = await caught(dest.writeSmall('x.bin', Buffer.from('x')));
    expect(onWrite.code).toBe('DEST_NOT_FOUND');
  });

  it('closed port: a connection error after a few quick retries', async () => {
    const port = await closedPort();
    const retries: string[] = [];
    const dest = destination({ endpoint: `http://127.0.0.1:${port}` }, { onRetry: (e) => retries.push(e.reason) });
    const error = await caught(dest.preflight(0));
    expect(error.details?.reason).toBe('refused');
    expect(error.message).toContain(`127.0.0.1:${port} refused the connection`);
    expect(retries).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('https to a plain-HTTP server: says the endpoint does not speak HTTPS', async () => {
    const dest = destination({ endpoint: `https://127.0.0.1:${s3.port}` });
    const error = await caught(dest.preflight(0));
    expect(error.details?.reason).toBe('tls');
    expect(error.fix).toContain('http://');
  });

  it('unknown host name: a DNS error', async () => {
    const dest = destination({ endpoint: 'https://s3.nowhere.invalid' });
    const error = await caught(dest.preflight(0));
    expect(error.details?.reason).toBe('dns');
    expect(error.message).toContain('s3.nowhere.invalid');
  });

  it('B2 storage cap: destination full', async () => {
    const { dest, proxy } = await viaProxy();
    proxy.addFault({ match: isPutObject, times: 1, action: { kind: 'error', status: 403, code: 'AccessDenied', message: 'Cannot upload files, storage cap exceeded.' } });
    const error = await caught(dest.writeSmall('x.bin', Buffer.from('x')));
    expect(error.code).toBe('DEST_FULL');
    expect(error.message).toContain('storage cap');
  });

  it('no write permission: says the key may not write', async () => {
    const { dest, proxy } = await viaProxy();
    proxy.addFault({ match: isPutObject, times: 1, action: { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } });
    const error = await caught(dest.writeSmall('x.bin', Buffer.from('x')));
    expect(error.code).toBe('DEST_NOT_WRITABLE');
    expect(error.details?.reason).toBe('permission');
    expect(error.message).toContain('may not write to');
  });

  it('Object Lock: sends mode and retain-until date, and explains a bucket without Object Lock', async () => {
    const { dest, proxy } = await viaProxy({ objectLock: { mode: 'COMPLIANCE', days: 30 }, storageClass: 'STANDARD' });
    await dest.writeSmall('locked.bin', Buffer.from('x'));
    const put = proxy.requests.find(isPutObject)!;
    expect(put.headers['x-amz-object-lock-mode']).toBe('COMPLIANCE');
    const until = Date.parse(String(put.headers['x-amz-object-lock-retain-until-date']));
    expect(until - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    expect(put.headers['x-amz-storage-class']).toBe('STANDARD');
    expect(put.headers['content-md5']).toBeTruthy();

    proxy.addFault({ match: isPutObject, times: 1, action: { kind: 'error', status: 400, code: 'InvalidRequest', message: 'Bucket is missing Object Lock Configuration' } });
    const error = await caught(dest.writeSmall('locked2.bin', Buffer.from('x')));
    expect(error.details?.reason).toBe('object-lock');
    expect(error.message).toContain('Object Lock is not enabled');
    await dest.remove('locked.bin');
  });

  it('a busy service: 503 SlowDown is retried until it passes', async () => {
    const { dest, proxy } = await viaProxy();
    proxy.addFault({ match: isPutObject, times: 2, action: { kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' } });
    await dest.writeSmall('busy.bin', Buffer.from('x'));
    expect(proxy.requests.filter(isPutObject)).toHaveLength(3);
    await dest.remove('busy.bin');
  });
});
