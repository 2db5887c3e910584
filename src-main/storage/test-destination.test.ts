import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { startS3Server, type S3TestServer } from '../../test/helpers/s3-server';
import { FolderDestination } from './folder-destination';
import { S3Destination } from './s3-destination';
import { testDestination } from './test-destination';

let s3: S3TestServer;
let root: string;
beforeAll(async () => {
  s3 = await startS3Server();
  root = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-testdest-'));
});
afterAll(async () => {
  await s3.stop();
  rmSync(root, { recursive: true, force: true });
});

function s3Destination(overrides: { bucket?: string; accessKeyId?: string } = {}): S3Destination {
  return new S3Destination(
    { endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, prefix: 'probe', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...overrides },
    { retry: { baseDelayMs: 10, maxDelayMs: 50 } },
  );
}

describe('testDestination', () => {
  it('writes, reads back, lists and deletes a probe in a folder, leaving nothing behind', async () => {
    const result = await testDestination(new FolderDestination(root));
    expect(result.ok).toBe(true);
    expect(result.steps).toHaveLength(5);
    expect(readdirSync(root)).toEqual([]);
  });

  it('does the same on S3', async () => {
    const dest = s3Destination();
    const result = await testDestination(dest);
    expect(result.steps[0]).toContain('s3://lifeboat-test/probe');
    expect(result.steps.at(-1)).toBe('Deleted it.');
    expect(s3.objects()).toEqual([]);
    dest.destroy();
  });

  it('fails with the destination’s own explained errors', async () => {
    const missingFolder = await testDestination(new FolderDestination(path.join(root, 'not-mounted'))).catch((e: unknown) => e);
    expect(missingFolder).toBeInstanceOf(LifeboatError);
    expect((missingFolder as LifeboatError).code).toBe('DEST_NOT_FOUND');

    const wrongKey = s3Destination({ accessKeyId: 'NOPE' });
    const authError = await testDestination(wrongKey).catch((e: unknown) => e);
    expect((authError as LifeboatError).details?.reason).toBe('auth');
    wrongKey.destroy();

    const noBucket = s3Destination({ bucket: 'missing-bucket' });
    expect(((await testDestination(noBucket).catch((e: unknown) => e)) as LifeboatError).code).toBe('DEST_NOT_FOUND');
    noBucket.destroy();
  });
});
