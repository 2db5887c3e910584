// Turns AWS SDK and network failures into specific errors that name the endpoint and bucket
// (never a key) and say what to do. Tells "wrong key" from "no bucket" from "no network".
import { LifeboatError, type ErrorCode } from '../../src-shared/errors';

/** What was being attempted: the same 403 means "cannot log in" on a check and "may not write" on a put. */
export type S3Operation = 'check' | 'write' | 'read' | 'list' | 'delete';

export interface S3ErrorContext {
  /** e.g. s3.us-west-004.backblazeb2.com or AWS S3 (eu-central-1). */
  where: string;
  bucket: string;
  operation: S3Operation;
  /** The object involved, relative to the destination root. */
  key?: string;
}

// Proposed dedicated codes, used here as soon as src-shared has them:
// DEST_AUTH_FAILED ('The storage service rejected the key') and DEST_UNREACHABLE ('The destination cannot be reached').
const AUTH_FAILED: ErrorCode = 'DEST_AUTH_FAILED';
const UNREACHABLE: ErrorCode = 'DEST_UNREACHABLE';

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The parts of an SDK or Node error that decide what it means. */
export interface S3Failure {
  /** S3 error code (NoSuchBucket, AccessDenied…) or the SDK's name for a bodiless reply (NotFound, Forbidden). */
  name: string;
  /** Node errno-style code found anywhere in the cause chain (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…). */
  code: string | undefined;
  status: number | undefined;
  message: string;
}

export function describeS3Failure(error: unknown): S3Failure {
  const e = (error ?? {}) as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };
  return {
    name: e.Code ?? e.name ?? 'Error',
    code: findNodeCode(error),
    status: e.$metadata?.httpStatusCode ?? e.$response?.statusCode,
    message: typeof e.message === 'string' ? e.message : String(error),
  };
}

export function isTlsFailure(failure: S3Failure): boolean {
  return failure.code !== undefined && (TLS_CODES.has(failure.code) || failure.code.startsWith('ERR_SSL_') || failure.code === 'EPROTO');
}

/** Failures before any request reached the service: retrying a few times is enough. */
export function isConnectFailure(failure: S3Failure): boolean {
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(failure.code ?? '');
}

export function explainS3Error(error: unknown, ctx: S3ErrorContext): LifeboatError {
  if (error instanceof LifeboatError) return error;
  const f = describeS3Failure(error);
  const at = ctx.where;
  const bucket = `bucket "${ctx.bucket}"`;
  const details = (reason: string): Record<string, string | number | boolean> => {
    const d: Record<string, string | number | boolean> = { reason, endpoint: ctx.where, bucket: ctx.bucket, operation: ctx.operation };
    if (f.name && f.name !== 'Error') d.s3Code = f.name;
    if (f.code) d.errno = f.code;
    if (f.status) d.httpStatus = f.status;
    return d;
  };
  const make = (code: ErrorCode, reason: string, message: string, fix: string) => new LifeboatError(code, message, { fix, cause: error, details: details(reason) });

  // Our own cancellation (abort()) or the caller's signal.
  if (f.name === 'AbortError') return make('CANCELLED', 'cancelled', `The transfer to ${bucket} at ${at} was cancelled.`, 'Start it again when ready.');

  // Network and TLS: nothing reached the service, or the connection could not be trusted.
  if (isTlsFailure(f)) {
    if (f.code === 'EPROTO' || f.code?.startsWith('ERR_SSL_')) {
      return make(UNREACHABLE, 'tls', `${at} does not speak HTTPS on that port (${f.code}).`, 'If it is a local server without TLS, write the endpoint with http://; otherwise check the port.');
    }
    if (f.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return make(UNREACHABLE, 'tls', `The TLS certificate of ${at} is for a different name than the one Lifeboat connected to.`, 'Check the endpoint address. For bucket names with dots, turn on path-style addressing (path-style=true).');
    }
    return make(UNREACHABLE, 'tls', `The TLS certificate of ${at} is not trusted (${f.code}).`, 'Check the endpoint address and the computer\'s clock. For your own server with a private certificate authority, add that CA (NODE_EXTRA_CA_CERTS) or use a certificate from a public CA.');
  }
  switch (f.code) {
    case 'ENOTFOUND':
      return make(UNREACHABLE, 'dns', `The name ${at} cannot be found (DNS): the endpoint is misspelt or this computer is offline.`, 'Check the endpoint address and the internet connection.');
    case 'EAI_AGAIN':
      return make(UNREACHABLE, 'dns', `The name ${at} could not be looked up right now (DNS did not answer).`, 'Check the internet connection and DNS settings, then try again.');
    case 'ECONNREFUSED':
      return make(UNREACHABLE, 'refused', `${at} refused the connection: nothing is listening on that address and port.`, 'Check the endpoint address and port, and that the storage server is running.');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make(UNREACHABLE, 'unreachable', `There is no network route to ${at}.`, 'Check the network connection (VPN, firewall) and the endpoint address.');
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EPIPE':
      return make(UNREACHABLE, 'connection', `The connection to ${at} kept failing (${f.code}) even after several retries.`, 'Check the internet connection (or lower the bandwidth limit), then run it again.');
  }
  if (f.name === 'TimeoutError') {
    return make(UNREACHABLE, 'timeout', `${at} stopped answering (timed out) even after several retries.`, 'Check the internet connection and the service\'s status page, then run it again.');
  }

  const text = f.message;
  // Backblaze answers a reached cap with 403 and says so in the message.
  if (/storage cap/i.test(text)) {
    return make('DEST_FULL', 'storage-cap', `The Backblaze B2 account behind ${bucket} has reached its storage cap.`, 'Raise the storage cap (B2: Caps & Alerts), or delete old backups with a retention policy.');
  }
  if (/transaction cap/i.test(text)) {
    return make('DEST_FAILED', 'transaction-cap', `The Backblaze B2 account behind ${bucket} has reached its daily transaction cap.`, 'Raise the transaction caps (B2: Caps & Alerts) or wait until they reset at 00:00 UTC.');
  }
  if (/object ?lock/i.test(text) && (f.status === 400 || f.name === 'InvalidRequest' || f.name === 'ObjectLockConfigurationNotFoundError')) {
    return make('DEST_NOT_WRITABLE', 'object-lock', `Object Lock is not enabled on ${bucket} at ${at}, so Lifeboat cannot protect backups there from deletion.`, 'Enable Object Lock on the bucket (it needs versioning; on B2 it is a bucket setting), or turn Object Lock off for this destination.');
  }

  switch (f.name) {
    case 'InvalidAccessKeyId':
      return make(AUTH_FAILED, 'auth', `${at} does not know the access key ID given for ${bucket}.`, 'Check the key ID (for Backblaze B2: the application key\'s keyID, not the account ID) and that the key has not been deleted.');
    case 'SignatureDoesNotMatch':
      return make(AUTH_FAILED, 'auth', `${at} rejected the secret key for ${bucket} (the signature does not match).`, 'Check the secret access key (for Backblaze B2: the applicationKey shown once when the key was created).');
    case 'AuthorizationHeaderMalformed':
      return make(AUTH_FAILED, 'region', `${at} rejected the request for ${bucket}: the region does not match the endpoint.`, 'Set the region that belongs to the endpoint (for B2 it is in the endpoint name, e.g. us-west-004).');
    case 'RequestTimeTooSkewed':
      return make(AUTH_FAILED, 'clock', `${at} rejected the request because this computer's clock is off by more than 15 minutes.`, 'Correct the clock (turn on automatic time), then try again.');
    case 'ExpiredToken':
    case 'InvalidToken':
      return make(AUTH_FAILED, 'auth', `${at} rejected the session token for ${bucket}.`, 'Use a long-lived access key, or refresh the temporary credentials.');
    case 'NoSuchBucket':
      return bucketMissing();
    case 'PermanentRedirect':
    case 'IllegalLocationConstraintException':
      return make('DEST_NOT_FOUND', 'region', `${bucket} is in a different region than the one configured for ${at}.`, 'Set the bucket\'s region (the AWS console shows it next to the bucket).');
    case 'InvalidBucketName':
      return make('BAD_INPUT', 'bucket-name', `${at} says "${ctx.bucket}" is not a valid bucket name.`, 'Use the bucket name exactly as the storage service shows it.');
    case 'NoSuchKey':
      return make('BACKUP_NOT_FOUND', 'no-such-key', `The file ${ctx.key ?? ''} is missing from ${bucket} at ${at}.`, 'It may have been deleted by a lifecycle rule or by hand; restore from another copy.');
    case 'PreconditionFailed':
      return make('DEST_FAILED', 'changed', `The file ${ctx.key ?? ''} in ${bucket} at ${at} changed while it was being read.`, 'Something else is writing to this destination; read it again.');
    case 'XMinioStorageFull':
    case 'QuotaExceeded':
    case 'XMinioAdminBucketQuotaExceeded':
      return make('DEST_FULL', 'full', `${bucket} at ${at} is full (${f.name}).`, 'Free space there or raise its quota, or apply a retention policy.');
    case 'EntityTooLarge':
      return make('DEST_FAILED', 'too-large', `${at} refused the file for ${bucket} as too large.`, 'Split the database into several backup jobs, or use a destination that accepts larger files.');
    case 'BadDigest':
    case 'InvalidDigest':
      return make('DEST_FAILED', 'checksum', `${at} received different bytes than Lifeboat sent (checksum mismatch), even after retries.`, 'Something on the network is altering data (proxy, antivirus, faulty hardware); check it and run the backup again.');
    case 'SlowDown':
    case 'ServiceUnavailable':
    case 'Throttling':
    case 'TooManyRequests':
      return make('DEST_FAILED', 'busy', `${at} kept answering "slow down / busy" for ${bucket} even after waiting and retrying.`, 'The service is overloaded; run it again later or lower the bandwidth limit.');
  }

  if (f.status === 401 || f.status === 403 || f.name === 'AccessDenied' || f.name === 'Forbidden' || f.name === 'AllAccessDisabled') {
    if (ctx.operation === 'check') {
      return make(AUTH_FAILED, 'auth', `${at} refused access to ${bucket}: the key is wrong, or it may not use this bucket.`, 'Check the key ID and secret, and that the key is allowed to list, read and write this bucket (a B2 key restricted to another bucket is refused).');
    }
    const verb = { write: 'write to', read: 'read from', list: 'list', delete: 'delete files in', check: 'use' }[ctx.operation];
    return make('DEST_NOT_WRITABLE', 'permission', `The key may not ${verb} ${bucket} at ${at} (access denied).`, ctx.operation === 'delete'
      ? 'Give the key delete permission (B2: deleteFiles), or if Object Lock protects these files, wait until their retention ends.'
      : 'Give the key read, write, list and delete permission on this bucket (B2: an application key with Read and Write access to it).');
  }
  if (f.status === 404 && (ctx.operation === 'check' || ctx.operation === 'list')) return bucketMissing();
  if (f.status === 404 && ctx.operation === 'read') {
    return make('BACKUP_NOT_FOUND', 'no-such-key', `The file ${ctx.key ?? ''} is missing from ${bucket} at ${at}.`, 'It may have been deleted by a lifecycle rule or by hand; restore from another copy.');
  }
  if (f.status === 301) {
    return make('DEST_NOT_FOUND', 'region', `${bucket} is in a different region than the one configured for ${at}.`, 'Set the bucket\'s region (the AWS console shows it next to the bucket).');
  }
  if (f.status === 507) return make('DEST_FULL', 'full', `${bucket} at ${at} is full.`, 'Free space there or raise its quota, or apply a retention policy.');
  if (f.status !== undefined && f.status >= 500) {
    return make('DEST_FAILED', 'server-error', `${at} failed with a server error (${f.status}${f.name !== 'Error' ? ` ${f.name}` : ''}) for ${bucket}, even after retries.`, 'Check the service\'s status page and run it again later.');
  }
  const doing = { check: 'Checking', write: 'Writing to', read: 'Reading from', list: 'Listing', delete: 'Deleting from' }[ctx.operation];
  const what = f.name !== 'Error' && !text.includes(f.name) ? `${f.name}: ${text}` : text;
  return make('DEST_FAILED', 'other', `${doing} ${bucket} at ${at} failed: ${what.replace(/\.$/, '')}.`, 'Check the destination settings and the service\'s status page, then try again.');

  function bucketMissing(): LifeboatError {
    return make('DEST_NOT_FOUND', 'no-bucket', `There is no ${bucket} at ${at}.`, 'Create the bucket, or check its name, the endpoint and the region (a bucket is only visible at its own region\'s endpoint).');
  }
}

function findNodeCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && e.code.length > 0) return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = findNodeCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return findNodeCode(e.cause, depth + 1);
}
