// Reads an object as one stream that survives dropped connections: when the body breaks off, it
// asks again from the byte where it stopped (Range + If-Match, so a changed object is never spliced).
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { LifeboatError } from '../../src-shared/errors';

export interface ObjectReaderOptions {
  client: S3Client;
  bucket: string;
  key: string;
  explain: (error: unknown) => LifeboatError;
  /** Resumes in a row without a byte of progress before giving up. */
  maxResumes?: number;
  resumeDelayMs?: number;
}

/** Opens the object (failing with the explained error if it cannot) and returns its byte stream. */
export async function openObjectStream(options: ObjectReaderOptions): Promise<Readable> {
  const { client, bucket, key, explain } = options;
  const first = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch((error: unknown) => {
    throw explain(error);
  });
  const total = first.ContentLength;
  const etag = first.ETag;
  const maxResumes = options.maxResumes ?? 8;
  const delayMs = options.resumeDelayMs ?? 500;

  async function* bytes(): AsyncGenerator<Buffer> {
    let body = first.Body as Readable;
    let offset = 0;
    let stalled = 0;
    try {
      for (;;) {
        const before = offset;
        try {
          for await (const chunk of body) {
            offset += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
          if (total === undefined || offset >= total) return;
          throw new Error(`The download of ${key} ended after ${offset} of ${total} bytes.`);
        } catch (error) {
          if (error instanceof LifeboatError) throw error;
          body.destroy();
          stalled = offset > before ? 1 : stalled + 1;
          if (stalled > maxResumes) throw explain(error);
          await sleep(delayMs * Math.min(8, 2 ** (stalled - 1)));
          const next = await client
            .send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-`, ...(etag ? { IfMatch: etag } : {}) }))
            .catch((reopenError: unknown) => {
              throw explain(reopenError);
            });
          body = next.Body as Readable;
        }
      }
    } finally {
      body.destroy();
    }
  }

  return Readable.from(bytes(), { objectMode: false, highWaterMark: 1024 * 1024 });
}
