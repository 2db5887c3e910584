// Retries for every S3 request: 500/502/503/504, SlowDown and other throttling, RequestTimeout,
// timeouts, connection resets and bytes damaged in transit, with jittered exponential backoff that
// waits at least as long as the service's Retry-After (B2 sends 503 + Retry-After routinely).
//
// Why not the SDK's StandardRetryStrategy: it does read Retry-After, but only up to its own backoff
// + 5 s, it gives up after 3 attempts by default, and it shares a retry quota across the client, so a
// long backup through a busy B2 cluster can run out of retries for reasons unrelated to one request.
// Here every request gets its own budget of attempts and the wait is bounded per attempt.
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';
import { describeS3Failure, isConnectFailure, isTlsFailure } from './s3-errors';

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Attempts when nothing could connect (refused, DNS): a wrong address should fail fast. */
  connectAttempts: number;
  baseDelayMs: number;
  /** Throttling (SlowDown, 429) backs off from a larger base. */
  throttlingBaseDelayMs: number;
  /** Cap of the exponential part. */
  maxDelayMs: number;
  /** A Retry-After longer than this is shortened to it. */
  maxRetryAfterMs: number;
}

/**
 * 8 attempts: without Retry-After the waits are at most 0.25+0.5+1+2+4+8+16 s ≈ 32 s (throttling:
 * 1+2+4+8+16+20+20 s ≈ 71 s) per request, so a dead service fails a backup in about a minute or two
 * while a busy one gets plenty of room.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  connectAttempts: 3,
  baseDelayMs: 250,
  throttlingBaseDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

export interface RetryEvent {
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  /** Retry-After (or x-amz-retry-after) the service asked for, in ms. */
  retryAfterMs: number | undefined;
  /** S3 error code, errno or HTTP status of the failure. */
  reason: string;
}

/**
 * 400s that mean the bytes were damaged or cut short on the way (the service checked Content-MD5 or
 * the signed payload hash): the SDK calls them client errors, but the part's Buffer is intact, so
 * sending it again is the cure.
 */
const DAMAGED_IN_TRANSIT = new Set(['BadDigest', 'IncompleteBody', 'XAmzContentSHA256Mismatch']);

/** The wait before the next attempt, or undefined when the failure is final. */
export function nextRetryDelay(policy: RetryPolicy, retriesSoFar: number, info: RetryErrorInfo, random: () => number = Math.random): number | undefined {
  const failure = describeS3Failure(info.error);
  if (info.errorType !== 'TRANSIENT' && info.errorType !== 'THROTTLING' && !DAMAGED_IN_TRANSIT.has(failure.name)) return undefined;
  // An untrusted certificate does not become trusted by asking again.
  if (isTlsFailure(failure)) return undefined;
  const limit = isConnectFailure(failure) ? policy.connectAttempts : policy.maxAttempts;
  if (retriesSoFar + 1 >= limit) return undefined;
  const base = info.errorType === 'THROTTLING' ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** retriesSoFar);
  // "Equal jitter": at least half the exponential delay, so parallel parts spread out but never hammer.
  const backoff = ceiling / 2 + random() * (ceiling / 2);
  const retryAfter = retryAfterMs(info);
  return Math.round(retryAfter === undefined ? backoff : Math.max(backoff, Math.min(retryAfter, policy.maxRetryAfterMs)));
}

export function retryAfterMs(info: RetryErrorInfo): number | undefined {
  return info.retryAfterHint instanceof Date ? Math.max(0, info.retryAfterHint.getTime() - Date.now()) : undefined;
}

export class S3RetryStrategy implements RetryStrategyV2 {
  constructor(
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly onRetry?: (event: RetryEvent) => void,
  ) {}

  async acquireInitialRetryToken(): Promise<StandardRetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: StandardRetryToken, info: RetryErrorInfo): Promise<StandardRetryToken> {
    const retries = previous.getRetryCount();
    const delay = nextRetryDelay(this.policy, retries, info);
    // Throwing tells the SDK to give up and rethrow the request's own error.
    if (delay === undefined) throw new Error('No more retries for this request.');
    if (this.onRetry) {
      const f = describeS3Failure(info.error);
      this.onRetry({ attempt: retries + 1, delayMs: delay, retryAfterMs: retryAfterMs(info), reason: f.code ?? (f.name !== 'Error' ? f.name : String(f.status ?? 'error')) });
    }
    // The SDK sleeps for getRetryDelay() and interrupts the sleep when the request's abortSignal fires.
    return token(retries + 1, delay);
  }

  recordSuccess(): void {}
}

function token(retryCount: number, delay: number): StandardRetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delay, getRetryCost: () => undefined };
}
