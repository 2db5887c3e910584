// Builds the S3 client for one destination: only the given key (never ambient AWS profiles),
// our retry strategy, connect/idle timeouts, and the bandwidth limit applied on the wire.
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { TokenBucket, throttledBody } from './bandwidth-limit';
import { usesPathStyle, type S3DestinationConfig } from './s3-config';
import { DEFAULT_RETRY_POLICY, S3RetryStrategy, type RetryEvent, type RetryPolicy } from './s3-retry';

export interface S3ClientTuning {
  retry?: Partial<RetryPolicy>;
  /** Told about every retry (for logs, and for tests to count them). */
  onRetry?: (event: RetryEvent) => void;
  connectTimeoutMs?: number;
  /** A connection that moves no byte for this long is dropped and the request retried. */
  idleTimeoutMs?: number;
  maxSockets?: number;
}

export function createS3Client(config: S3DestinationConfig, tuning: S3ClientTuning = {}): S3Client {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...tuning.retry };
  const maxSockets = tuning.maxSockets ?? 16;
  const handlerOptions: NodeHttpHandlerOptions = {
    connectionTimeout: tuning.connectTimeoutMs ?? 10_000,
    socketTimeout: tuning.idleTimeoutMs ?? 60_000,
    httpAgent: { keepAlive: true, maxSockets },
    httpsAgent: { keepAlive: true, maxSockets },
  };
  const limit = config.bandwidthLimitBytesPerSecond;
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: usesPathStyle(config),
    // Static credentials: the SDK must not fall back to ~/.aws or instance roles and write somewhere else.
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    maxAttempts: policy.maxAttempts,
    retryStrategy: new S3RetryStrategy(policy, tuning.onRetry),
    requestHandler: limit ? new PacedHttpHandler(handlerOptions, new TokenBucket(limit)) : new NodeHttpHandler(handlerOptions),
    // Integrity is checked with Content-MD5 per request and the ETag afterwards. The SDK's default
    // CRC32 trailers are not understood by every S3-compatible service, so they are only sent where required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    followRegionRedirects: true,
  });
}

/**
 * Paces request bodies through one token bucket shared by all parts in flight, so the limit holds for
 * the line, not per part. Throttling here rather than on the writer's input keeps each part's Buffer
 * intact for the SDK: every retry gets a fresh paced stream of the same bytes.
 */
class PacedHttpHandler extends NodeHttpHandler {
  constructor(options: NodeHttpHandlerOptions, private readonly bucket: TokenBucket) {
    super(options);
  }

  override async handle(...[request, options]: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    const body: unknown = request.body;
    if (!(body instanceof Uint8Array) || body.byteLength === 0) return super.handle(request, options);
    const paced = throttledBody(body, this.bucket);
    try {
      // A copy: the SDK keeps the original request (with its Buffer) for the next attempt.
      const wire = request.clone();
      wire.body = paced;
      return await super.handle(wire, options);
    } finally {
      paced.destroy();
    }
  }
}
