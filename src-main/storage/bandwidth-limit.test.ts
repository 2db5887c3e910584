import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BandwidthThrottle, TokenBucket } from './bandwidth-limit';

async function timedPassThrough(bytes: number, throttle: BandwidthThrottle): Promise<{ ms: number; received: number }> {
  let received = 0;
  const started = performance.now();
  await pipeline(
    Readable.from([Buffer.alloc(bytes, 7)]),
    throttle,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done();
      },
    }),
  );
  return { ms: performance.now() - started, received };
}

describe('BandwidthThrottle', () => {
  it('passes every byte at about the configured rate', async () => {
    // 1.5 MiB at 1 MiB/s: ~1.4 s after the 0.1 s burst allowance.
    const { ms, received } = await timedPassThrough(1.5 * 1024 * 1024, new BandwidthThrottle(1024 * 1024));
    expect(received).toBe(1.5 * 1024 * 1024);
    expect(ms).toBeGreaterThan(1_250);
    expect(ms).toBeLessThan(2_500);
  });

  it('shares one limit between streams using the same bucket', async () => {
    const bucket = new TokenBucket(1024 * 1024);
    const started = performance.now();
    await Promise.all([timedPassThrough(512 * 1024, new BandwidthThrottle(bucket)), timedPassThrough(512 * 1024, new BandwidthThrottle(bucket))]);
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThan(800);
    expect(ms).toBeLessThan(2_000);
  });
});
