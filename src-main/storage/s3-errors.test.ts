import { describe, expect, it } from 'vitest';
import { explainS3Error, type S3Operation } from './s3-errors';

// Failures that cannot be produced on loopback (certificates, B2 caps, clock skew), shaped as the
// SDK delivers them: S3 errors carry name/Code and $metadata.httpStatusCode, network errors a code.
const s3Error = (name: string, status: number, message = name) => Object.assign(new Error(message), { name, Code: name, $metadata: { httpStatusCode: status } });
const netError = (code: string, message = code) => Object.assign(new Error(message), { code });

function explain(error: unknown, operation: S3Operation = 'write') {
  return explainS3Error(error, { where: 's3.us-west-004.backblazeb2.com', bucket: 'office-backups', operation, key: 'job/x.dump' });
}

describe('explainS3Error', () => {
  it.each([
    [s3Error('SignatureDoesNotMatch', 403), 'auth', 'DEST_AUTH_FAILED'],
    [s3Error('InvalidAccessKeyId', 403), 'auth', 'DEST_AUTH_FAILED'],
    [s3Error('RequestTimeTooSkewed', 403), 'clock', 'DEST_AUTH_FAILED'],
    [s3Error('AccessDenied', 403, 'Cannot upload files, storage cap exceeded.'), 'storage-cap', 'DEST_FULL'],
    [s3Error('AccessDenied', 403, 'Transaction cap exceeded.'), 'transaction-cap', 'DEST_FAILED'],
    [s3Error('NoSuchBucket', 404), 'no-bucket', 'DEST_NOT_FOUND'],
    [s3Error('InvalidRequest', 400, 'Bucket is missing Object Lock Configuration'), 'object-lock', 'DEST_NOT_WRITABLE'],
    [s3Error('XMinioStorageFull', 507), 'full', 'DEST_FULL'],
    [s3Error('InternalError', 500), 'server-error', 'DEST_FAILED'],
    [s3Error('SlowDown', 503), 'busy', 'DEST_FAILED'],
    [netError('CERT_HAS_EXPIRED'), 'tls', 'DEST_UNREACHABLE'],
    [netError('SELF_SIGNED_CERT_IN_CHAIN'), 'tls', 'DEST_UNREACHABLE'],
    [netError('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', 'DEST_UNREACHABLE'],
    [netError('EAI_AGAIN'), 'dns', 'DEST_UNREACHABLE'],
    [netError('ECONNRESET'), 'connection', 'DEST_UNREACHABLE'],
    [Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }), 'timeout', 'DEST_UNREACHABLE'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled', 'CANCELLED'],
  ])('%s → %s', (error, reason, code) => {
    const explained = explain(error);
    expect(explained.details?.reason).toBe(reason);
    expect(explained.code).toBe(code);
    expect(explained.fix).toBeTruthy();
  });

  it('finds a network code in the cause chain and in AggregateErrors', () => {
    const wrapped = new Error('request failed', { cause: new AggregateError([netError('ECONNREFUSED')], 'all attempts failed') });
    expect(explain(wrapped).details?.reason).toBe('refused');
  });

  it('names the operation a 403 refused', () => {
    expect(explain(s3Error('AccessDenied', 403), 'delete').message).toContain('may not delete files in bucket "office-backups"');
    expect(explain(s3Error('Forbidden', 403), 'check').details?.reason).toBe('auth');
    expect(explain(s3Error('NotFound', 404), 'read').code).toBe('BACKUP_NOT_FOUND');
  });
});
