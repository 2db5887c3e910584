// An S3-compatible destination (Backblaze B2, AWS S3, MinIO, Wasabi): objects under a prefix of
// one bucket, written by streaming multipart uploads that become visible only when complete.
import {
  DeleteObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import type { Destination, DestinationWriter, StoredObject } from './destination';
import { createS3Client, type S3ClientTuning } from './s3-client';
import { isLocalHost, normalizeEndpoint, normalizePrefix, s3DestinationId, s3DestinationLabel, validateBucketName, type S3DestinationConfig } from './s3-config';
import { describeS3Failure, explainS3Error, type S3Operation } from './s3-errors';
import { S3MultipartWriter, type ObjectParams } from './s3-multipart-writer';
import { openObjectStream } from './s3-object-reader';

/** S3's largest object. */
const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

export interface S3DestinationOptions extends S3ClientTuning {
  /** First part size of multipart uploads (≥ 5 MiB); tests use the minimum. */
  firstPartBytes?: number;
  maxConcurrency?: number;
  maxBufferedBytes?: number;
  /** Keys per ListObjectsV2 page (the service's default, 1000, when absent). */
  listPageSize?: number;
}

export class S3Destination implements Destination {
  readonly kind = 's3' as const;
  readonly id: string;
  readonly label: string;
  readonly bucket: string;
  readonly prefix: string;
  /** How messages name the service: the endpoint host, or "AWS S3 (region)". */
  readonly where: string;

  get objectLockDays(): number | undefined {
    return this.config.objectLock?.days;
  }
  private readonly client: S3Client;
  private readonly config: S3DestinationConfig;

  constructor(config: S3DestinationConfig, private readonly options: S3DestinationOptions = {}) {
    const endpoint = config.endpoint ? normalizeEndpoint(config.endpoint) : undefined;
    this.config = { ...config, bucket: validateBucketName(config.bucket), prefix: normalizePrefix(config.prefix) };
    if (endpoint) this.config.endpoint = endpoint;
    else delete this.config.endpoint;
    if (config.bandwidthLimitBytesPerSecond !== undefined && !(config.bandwidthLimitBytesPerSecond > 0)) {
      throw new LifeboatError('BAD_INPUT', 'The bandwidth limit must be more than 0 bytes per second.', { fix: 'Leave it empty for no limit.' });
    }
    this.bucket = this.config.bucket;
    this.prefix = this.config.prefix;
    this.id = s3DestinationId(this.config);
    this.label = s3DestinationLabel(this.config);
    this.where = endpoint ? new URL(endpoint).host : `AWS S3 (${config.region})`;
    this.client = createS3Client(this.config, options);
  }

  /** The full object key for a destination-relative key. */
  objectKey(key: string): string {
    const parts = key.split('/').filter((p) => p.length > 0);
    if (parts.length === 0 || parts.some((p) => p === '.' || p === '..')) throw new LifeboatError('BAD_INPUT', `Invalid object key "${key}".`);
    return this.prefix ? `${this.prefix}/${parts.join('/')}` : parts.join('/');
  }

  async preflight(estimatedBytes: number): Promise<void> {
    if (estimatedBytes > MAX_OBJECT_BYTES) {
      throw new LifeboatError('DEST_FULL', `The backup may be about ${(estimatedBytes / 1024 ** 4).toFixed(1)} TiB, more than one S3 object can hold (5 TiB).`, {
        fix: 'Split the database into several backup jobs, or back it up to a folder.',
      });
    }
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = describeS3Failure(error).status;
      // HEAD replies have no body, so a 403 cannot say whether the key is wrong or lacks a permission;
      // a one-key listing (which the destination needs anyway) gets the specific error code.
      if (status !== 400 && status !== 401 && status !== 403) throw this.explain(error, 'check');
      await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.listPrefix(''), MaxKeys: 1 })).catch((listError: unknown) => {
        throw this.explain(listError, 'check');
      });
    }
    if (this.config.objectLock) await this.checkObjectLock();
  }

  async createWriter(key: string): Promise<DestinationWriter> {
    const objectKey = this.objectKey(key);
    return new S3MultipartWriter({
      client: this.client,
      bucket: this.bucket,
      key: objectKey,
      objectParams: () => this.objectParams(),
      explain: (error, operation) => this.explain(error, operation, key),
      firstPartBytes: this.options.firstPartBytes,
      maxConcurrency: this.options.maxConcurrency,
      maxBufferedBytes: this.options.maxBufferedBytes,
      strictEtag: this.usesAwsEtags(),
    });
  }

  async writeSmall(key: string, data: Buffer): Promise<void> {
    const writer = await this.createWriter(key);
    writer.stream.on('error', () => undefined); // commit() reports it
    try {
      writer.stream.end(data);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw this.explain(error, 'write', key);
    }
  }

  async read(key: string): Promise<Readable> {
    return openObjectStream({ client: this.client, bucket: this.bucket, key: this.objectKey(key), explain: (error) => this.explain(error, 'read', key) });
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { key, size: head.ContentLength ?? 0 };
    } catch (error) {
      if (describeS3Failure(error).status === 404) return undefined;
      throw this.explain(error, 'read', key);
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const base = this.listPrefix('');
    const listPrefix = this.listPrefix(prefix);
    let continuationToken: string | undefined;
    let startAfter: string | undefined;
    for (;;) {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: listPrefix,
            ContinuationToken: continuationToken,
            StartAfter: startAfter,
            ...(this.options.listPageSize ? { MaxKeys: this.options.listPageSize } : {}),
          }),);
      } catch (error) {
        throw this.explain(error, 'list');
      }
      for (const object of page.Contents ?? []) {
        // Keys ending in "/" are folder markers some consoles create, not files.
        if (!object.Key || object.Key.endsWith('/')) continue;
        yield { key: object.Key.slice(base.length), size: object.Size ?? 0 };
      }
      if (!page.IsTruncated) return;
      // Some S3-compatible services omit the token on truncated pages; the last key works everywhere.
      continuationToken = page.NextContinuationToken || undefined;
      startAfter = continuationToken ? undefined : page.Contents?.at(-1)?.Key;
      if (!continuationToken && !startAfter) {
        throw new LifeboatError('DEST_FAILED', `Listing ${this.label} failed: the service said there was more but gave no way to continue.`, { fix: 'Try again; if it repeats, the service is not S3-compatible enough for Lifeboat.' });
      }
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      throw this.explain(error, 'delete', key);
    }
  }

  explainError(error: unknown): LifeboatError {
    return this.explain(error, 'write');
  }

  /** Closes idle keep-alive connections. */
  destroy(): void {
    this.client.destroy();
  }

  private explain(error: unknown, operation: S3Operation, key?: string): LifeboatError {
    return explainS3Error(error, { where: this.where, bucket: this.bucket, operation, ...(key ? { key } : {}) });
  }

  /** Prefix for ListObjectsV2: directory semantics like a folder ("a" lists a/…, not ab/…). */
  private listPrefix(prefix: string): string {
    const relative = prefix.replace(/^\/+|\/+$/g, '');
    const full = [this.prefix, relative].filter((p) => p.length > 0).join('/');
    return full ? `${full}/` : '';
  }

  private objectParams(): ObjectParams {
    const params: ObjectParams = {};
    if (this.config.storageClass) params.StorageClass = this.config.storageClass as StorageClass;
    const lock = this.config.objectLock;
    if (lock) {
      params.ObjectLockMode = lock.mode;
      params.ObjectLockRetainUntilDate = new Date(Date.now() + lock.days * 86_400_000);
    }
    return params;
  }

  /** Fails early when Object Lock is wanted but the bucket cannot do it. */
  private async checkObjectLock(): Promise<void> {
    const notEnabled = () =>
      this.explain({ name: 'ObjectLockConfigurationNotFoundError', message: 'Object Lock is not enabled on this bucket.', $metadata: { httpStatusCode: 400 } }, 'check');
    try {
      const out = await this.client.send(new GetObjectLockConfigurationCommand({ Bucket: this.bucket }));
      if (out.ObjectLockConfiguration?.ObjectLockEnabled !== 'Enabled') throw notEnabled();
    } catch (error) {
      if (error instanceof LifeboatError) throw error;
      if (describeS3Failure(error).name === 'ObjectLockConfigurationNotFoundError') throw notEnabled();
      // Not implemented by the service, or the key may not read the setting: the first upload will tell.
    }
  }

  /** AWS, Wasabi and local servers (MinIO) compute ETags the AWS way; others (B2, R2) may not. */
  private usesAwsEtags(): boolean {
    if (!this.config.endpoint) return true;
    const host = new URL(this.config.endpoint).hostname.toLowerCase();
    return host.endsWith('.amazonaws.com') || host.endsWith('.wasabisys.com') || isLocalHost(host);
  }
}
