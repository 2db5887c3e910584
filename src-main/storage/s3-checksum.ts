// What an S3 ETag should be for the bytes we sent: MD5 for a single PUT, md5(part MD5s)-N for
// a multipart upload (AWS's documented scheme, also used by MinIO and Wasabi).
import { createHash } from 'node:crypto';

export function md5(data: Uint8Array): Buffer {
  return createHash('md5').update(data).digest();
}

/** The AWS multipart ETag: hex MD5 of the concatenated binary part MD5s, then "-" and the part count. */
export function multipartEtag(partMd5s: Buffer[]): string {
  return `${md5(Buffer.concat(partMd5s)).toString('hex')}-${partMd5s.length}`;
}

export type EtagVerdict = 'match' | 'mismatch' | 'unknown';

export interface SentObject {
  /** MD5 of all bytes. */
  md5: Buffer;
  /** Per-part MD5s when it went up as a multipart upload. */
  partMd5s?: Buffer[];
}

/**
 * Compares a stored object's ETag with what was sent. 'unknown' when the ETag is not an MD5 by design:
 * SSE-KMS and SSE-C objects (AWS documents that), or a format we do not recognise. Some servers give a
 * multipart object the plain MD5 of the whole (s3rver), which is accepted too.
 */
export function checkEtag(etag: string | undefined, sent: SentObject, encryptedWithKey: boolean): EtagVerdict {
  if (!etag || encryptedWithKey) return 'unknown';
  const value = etag.replace(/"/g, '').trim().toLowerCase();
  if (/^[0-9a-f]{32}-\d+$/.test(value)) {
    if (!sent.partMd5s) return 'unknown';
    return value === multipartEtag(sent.partMd5s) ? 'match' : 'mismatch';
  }
  if (/^[0-9a-f]{32}$/.test(value)) return value === sent.md5.toString('hex') ? 'match' : 'mismatch';
  return 'unknown';
}
