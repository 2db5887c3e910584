import type { RetryErrorInfo } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, nextRetryDelay } from './s3-retry';

describe('retry delays', () => {
  const policy = DEFAULT_RETRY_POLICY;
  const sdkError = (fields: object) => Object.assign(new Error('failed'), fields) as unknown as RetryErrorInfo['error'];
  const status = (httpStatusCode: number, name = 'Error') => sdkError({ name, $metadata: { httpStatusCode } });

  it('back off exponentially with jitter, and never less than Retry-After', () => {
    const info = { errorType: 'TRANSIENT' as const, error: status(500, 'InternalError') };
    expect(nextRetryDelay(policy, 0, info, () => 0)).toBe(125);
    expect(nextRetryDelay(policy, 0, info, () => 1)).toBe(250);
    expect(nextRetryDelay(policy, 3, info, () => 1)).toBe(2000);
    const hinted = { ...info, retryAfterHint: new Date(Date.now() + 3000) };
    expect(nextRetryDelay(policy, 0, hinted, () => 0)).toBeGreaterThanOrEqual(2900);
    const absurd = { ...info, retryAfterHint: new Date(Date.now() + 3_600_000) };
    expect(nextRetryDelay(policy, 0, absurd, () => 0)).toBe(policy.maxRetryAfterMs);
  });

  it('stop after 8 attempts, after 3 when nothing connects, and at once for final errors', () => {
    const transient = { errorType: 'TRANSIENT' as const, error: status(503, 'SlowDown') };
    expect(nextRetryDelay(policy, 6, transient)).toBeDefined();
    expect(nextRetryDelay(policy, 7, transient)).toBeUndefined();
    const refused = { errorType: 'TRANSIENT' as const, error: sdkError({ code: 'ECONNREFUSED' }) };
    expect(nextRetryDelay(policy, 1, refused)).toBeDefined();
    expect(nextRetryDelay(policy, 2, refused)).toBeUndefined();
    expect(nextRetryDelay(policy, 0, { errorType: 'CLIENT_ERROR', error: status(403, 'AccessDenied') })).toBeUndefined();
    // Damaged in transit (Content-MD5 mismatch): the SDK calls it a client error, but resending fixes it.
    expect(nextRetryDelay(policy, 0, { errorType: 'CLIENT_ERROR', error: status(400, 'BadDigest') })).toBeDefined();
    const tls = { errorType: 'TRANSIENT' as const, error: sdkError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) };
    expect(nextRetryDelay(policy, 0, tls)).toBeUndefined();
  });
});
