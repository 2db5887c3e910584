// Streams one object into S3 as a multipart upload: growing part sizes, a few parts in flight,
// backpressure to the writer, Content-MD5 on every request, and a size + ETag check on commit.
//
// Hand-written rather than @aws-sdk/lib-storage's Upload: Upload uses one fixed part size for the
// whole stream (5 MiB unless told the length up front, which a pg_dump stream never knows), so it
// stops at 10,000 × 5 MiB ≈ 48 GiB; it also cannot send Content-MD5 per part or bound memory by bytes.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type ObjectLockMode,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { createHash, type Hash } from 'node:crypto';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { LifeboatError } from '../../src-shared/errors';
import type { DestinationWriter } from './destination';
import { checkEtag, md5 } from './s3-checksum';
import type { S3Operation } from './s3-errors';
import { DEFAULT_FIRST_PART_BYTES, MAX_PARTS, MIN_PART_BYTES, partSizeFor } from './s3-part-size';

/** Headers every new object gets (storage class, Object Lock retention). */
export interface ObjectParams {
  StorageClass?: StorageClass;
  ObjectLockMode?: ObjectLockMode;
  ObjectLockRetainUntilDate?: Date;
}

export interface MultipartWriterOptions {
  client: S3Client;
  bucket: string;
  /** Full object key (destination prefix included). */
  key: string;
  /** Called when the object is created, so a retention date counts from then. */
  objectParams: () => ObjectParams;
  explain: (error: unknown, operation: S3Operation) => LifeboatError;
  /** Size of the first parts; at least 5 MiB (S3's minimum for all parts but the last). */
  firstPartBytes?: number;
  /** Parts uploading at the same time while parts are small. */
  maxConcurrency?: number;
  /** Part buffers (filling + in flight) stay within this while parts are small enough; see allowedInFlight. */
  maxBufferedBytes?: number;
  /** A mismatching ETag fails the commit (services known to use AWS's ETag scheme) instead of being ignored. */
  strictEtag?: boolean;
}

interface Part {
  number: number;
  buffer: Buffer;
  data: Buffer;
  md5: Buffer;
}

type State = 'open' | 'committing' | 'committed' | 'aborted';

export class S3MultipartWriter implements DestinationWriter {
  readonly stream: Writable;

  private readonly firstPartBytes: number;
  private readonly maxConcurrency: number;
  private readonly maxBufferedBytes: number;
  private readonly controller = new AbortController();
  private readonly whole: Hash = createHash('md5');
  private readonly partMd5s: Buffer[] = [];
  private readonly uploaded: CompletedPart[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Reused part buffers of the current size: steady RSS instead of a new 8 MiB allocation per part. */
  private pool: Buffer[] = [];
  private waiters: Array<() => void> = [];
  private filling: Buffer | undefined;
  private used = 0;
  private sealedParts = 0;
  private bytes = 0;
  private uploadId: string | undefined;
  private creating: Promise<string> | undefined;
  private committing: Promise<void> | undefined;
  private failure: LifeboatError | undefined;
  private state: State = 'open';
  /** A PutObject or CompleteMultipartUpload was sent: the final key may hold our object. */
  private mayExist = false;
  private completed = false;

  constructor(private readonly options: MultipartWriterOptions) {
    this.firstPartBytes = Math.max(MIN_PART_BYTES, options.firstPartBytes ?? DEFAULT_FIRST_PART_BYTES);
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 3);
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * this.firstPartBytes;
    this.stream = new Writable({
      highWaterMark: 1024 * 1024,
      write: (chunk: Buffer, _encoding, done) => {
        this.accept(chunk).then(() => done(), done);
      },
      destroy: (error, done) => {
        // A destroyed stream takes no more bytes: stop waiting for room and sealing parts.
        this.wake();
        done(error);
      },
    });
  }

  /** Bytes accepted so far. */
  get bytesWritten(): number {
    return this.bytes;
  }

  async commit(): Promise<void> {
    if (this.state === 'committed') return;
    if (this.state === 'aborted') throw this.failure ?? this.cancelled();
    this.committing ??= this.finish();
    return this.committing;
  }

  async abort(): Promise<void> {
    if (this.state === 'committed' || this.state === 'aborted') return;
    this.state = 'aborted';
    this.failure ??= this.cancelled();
    this.controller.abort();
    this.wake();
    if (!this.stream.destroyed) this.stream.destroy();
    await Promise.allSettled([...this.inFlight, this.creating, this.committing]);
    this.filling = undefined;
    this.pool = [];
    const { client, bucket, key } = this.options;
    // Best effort: abort() must not throw. What could not be removed is left to the bucket's lifecycle
    // rule for incomplete multipart uploads (recommended in the setup guide).
    if (this.uploadId && !this.completed) await this.abortUpload(this.uploadId).catch(() => undefined);
    if (this.mayExist) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
  }

  /**
   * A part the service was still receiving when we hung up may be stored after the abort, so (as AWS
   * advises) the abort is checked with ListParts and repeated while the upload still shows up.
   */
  private async abortUpload(uploadId: string): Promise<void> {
    const { client, bucket, key } = this.options;
    const params = { Bucket: bucket, Key: key, UploadId: uploadId };
    for (let round = 1; round <= 3; round++) {
      await client.send(new AbortMultipartUploadCommand(params)).catch((error: { name?: string }) => {
        if (error.name !== 'NoSuchUpload') throw error;
      });
      const stillThere = await client.send(new ListPartsCommand({ ...params, MaxParts: 1 })).then(
        () => true,
        () => false, // NoSuchUpload, or a service without ListParts: nothing more to do
      );
      if (!stillThere) return;
      await sleep(250 * round);
    }
  }

  private async finish(): Promise<void> {
    this.state = 'committing';
    try {
      if (this.failure) throw this.failure;
      if (this.stream.destroyed && !this.stream.writableFinished) throw this.interrupted();
      if (!this.stream.writableFinished) {
        if (!this.stream.writableEnded) this.stream.end();
        await finished(this.stream);
      }
      this.throwIfFailed();
      const sent = { md5: this.whole.digest(), partMd5s: undefined as Buffer[] | undefined };
      if (this.sealedParts === 0) {
        await this.putWhole();
      } else {
        if (this.filling && this.used > 0) this.seal();
        await Promise.all([...this.inFlight]);
        this.throwIfFailed();
        await this.complete();
        sent.partMd5s = this.partMd5s;
      }
      await this.verify(sent);
      this.state = 'committed';
    } catch (error) {
      if (this.state === 'committing') this.state = 'open';
      throw this.failure ?? this.options.explain(error, 'write');
    } finally {
      this.filling = undefined;
      this.pool = [];
    }
  }

  /** Small objects: one PutObject, sent only at commit so nothing appears under the key before. */
  private async putWhole(): Promise<void> {
    const data = this.filling ? this.filling.subarray(0, this.used) : Buffer.alloc(0);
    const { client, bucket, key } = this.options;
    this.mayExist = true;
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ContentLength: data.length, ContentMD5: md5(data).toString('base64'), ...this.options.objectParams() }),
      { abortSignal: this.controller.signal },
    );
    this.completed = true;
  }

  private async complete(): Promise<void> {
    const { client, bucket, key } = this.options;
    const parts = [...this.uploaded].sort((a, b) => a.PartNumber! - b.PartNumber!);
    if (parts.length !== this.sealedParts) {
      throw new LifeboatError('DEST_FAILED', `Only ${parts.length} of ${this.sealedParts} parts of ${key} were uploaded.`, { fix: 'Run the backup again.' });
    }
    this.mayExist = true;
    try {
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: this.uploadId, MultipartUpload: { Parts: parts } }), {
        abortSignal: this.controller.signal,
      });
    } catch (error) {
      // A retried Complete whose first try succeeded (reply lost) finds no upload: verify() decides.
      if ((error as { name?: string }).name !== 'NoSuchUpload') throw error;
    }
    this.completed = true;
  }

  /** The stored object must have every byte, and where the ETag is an MD5 scheme, the same content. */
  private async verify(sent: { md5: Buffer; partMd5s: Buffer[] | undefined }): Promise<void> {
    const { client, bucket, key } = this.options;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: this.controller.signal });
    if (head.ContentLength !== this.bytes) {
      throw new LifeboatError('DEST_FAILED', `The stored copy of ${key} has ${head.ContentLength ?? 'an unknown number of'} bytes, but ${this.bytes} were sent.`, {
        fix: 'Run the backup again; if it repeats, the storage service is losing data.',
        details: { storedBytes: head.ContentLength ?? -1, sentBytes: this.bytes },
      });
    }
    const keyed = head.ServerSideEncryption === 'aws:kms' || head.ServerSideEncryption === 'aws:kms:dsse' || Boolean(head.SSECustomerAlgorithm);
    const verdict = checkEtag(head.ETag, sent.partMd5s ? { md5: sent.md5, partMd5s: sent.partMd5s } : { md5: sent.md5 }, keyed);
    if (verdict === 'mismatch' && this.options.strictEtag) {
      throw new LifeboatError('DEST_FAILED', `The stored copy of ${key} does not match what was sent (its checksum differs).`, {
        fix: 'Run the backup again; if it repeats, something between here and the storage service alters data.',
      });
    }
  }

  private async accept(chunk: Buffer): Promise<void> {
    this.throwIfFailed();
    this.whole.update(chunk);
    this.bytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.filling) {
        const size = partSizeFor(this.sealedParts + 1, this.firstPartBytes);
        await this.waitForRoom(size);
        this.throwIfFailed();
        this.filling = this.takeBuffer(size);
        this.used = 0;
      }
      const copied = chunk.copy(this.filling, this.used, offset);
      offset += copied;
      this.used += copied;
      if (this.used === this.filling.length) this.seal();
    }
  }

  /**
   * Parts in flight for a part size: as many as fit in maxBufferedBytes next to the one filling (3 of
   * 8 MiB within 32 MiB), never fewer than one. Part buffers therefore take 32 MiB for objects up to
   * 24 GiB, then two parts' worth: 64 MiB up to 56 GiB, 128 MiB up to 120 GiB, and so on.
   */
  private allowedInFlight(partBytes: number): number {
    return Math.max(1, Math.min(this.maxConcurrency, Math.floor(this.maxBufferedBytes / partBytes) - 1));
  }

  private async waitForRoom(partBytes: number): Promise<void> {
    while (this.inFlight.size >= this.allowedInFlight(partBytes) && !this.failure && !this.stream.destroyed) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private takeBuffer(size: number): Buffer {
    const pooled = this.pool.pop();
    if (pooled && pooled.length === size) return pooled;
    this.pool = [];
    return Buffer.allocUnsafeSlow(size);
  }

  private release(buffer: Buffer): void {
    const next = partSizeFor(this.sealedParts + 1, this.firstPartBytes);
    if (this.state !== 'aborted' && buffer.length === next && this.pool.length < this.maxConcurrency) this.pool.push(buffer);
  }

  private seal(): void {
    const buffer = this.filling!;
    const data = buffer.subarray(0, this.used);
    this.filling = undefined;
    this.used = 0;
    const number = ++this.sealedParts;
    if (number > MAX_PARTS) {
      this.fail(new LifeboatError('DEST_FAILED', `${this.options.key} is larger than an S3 object can be (10,000 parts).`, { fix: 'Split the database into several backup jobs.' }));
      return;
    }
    const part: Part = { number, buffer, data, md5: md5(data) };
    this.partMd5s[number - 1] = part.md5;
    const task = this.uploadPart(part);
    this.inFlight.add(task);
    void task.finally(() => {
      this.inFlight.delete(task);
      this.wake();
    });
  }

  /** Never rejects: a failure is recorded, errors the stream and fails commit. */
  private async uploadPart(part: Part): Promise<void> {
    const { client, bucket, key } = this.options;
    try {
      const uploadId = await this.ensureUpload();
      const out = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: part.number,
          Body: part.data,
          ContentLength: part.data.length,
          ContentMD5: part.md5.toString('base64'),
        }),
        { abortSignal: this.controller.signal },
      );
      if (!out.ETag) throw new LifeboatError('DEST_FAILED', `The storage service accepted part ${part.number} of ${key} without an ETag.`, { fix: 'This service is not S3-compatible enough for Lifeboat; choose another.' });
      this.uploaded.push({ PartNumber: part.number, ETag: out.ETag });
    } catch (error) {
      this.fail(error);
    } finally {
      this.release(part.buffer);
    }
  }

  private ensureUpload(): Promise<string> {
    this.creating ??= this.options.client
      .send(new CreateMultipartUploadCommand({ Bucket: this.options.bucket, Key: this.options.key, ...this.options.objectParams() }), { abortSignal: this.controller.signal })
      .then((out) => {
        if (!out.UploadId) throw new LifeboatError('DEST_FAILED', `The storage service started an upload of ${this.options.key} without an upload id.`);
        this.uploadId = out.UploadId;
        return out.UploadId;
      });
    return this.creating;
  }

  private fail(error: unknown): void {
    if (!this.failure) {
      this.failure = this.options.explain(error, 'write');
      // Like a file stream that hits a full disk: the error is reported on the stream right away, so
      // the fan-out drops this copy now instead of at its next write (which may never come).
      if (this.state === 'open' && !this.stream.destroyed) this.stream.destroy(this.failure);
    }
    this.wake();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
    if (this.stream.destroyed && this.state === 'open') throw this.interrupted();
  }

  private interrupted(): LifeboatError {
    return new LifeboatError('DEST_FAILED', `Writing ${this.options.key} was interrupted before it was complete.`, { fix: 'Run the backup again.' });
  }

  private cancelled(): LifeboatError {
    return new LifeboatError('CANCELLED', `The upload of ${this.options.key} was cancelled.`);
  }
}
