// The benchmark entry point must run end to end (it decrypts what it encrypted) and report sane numbers.
import { describe, expect, it } from 'vitest';
import { measureAgeThroughput } from './age-throughput';

describe('measureAgeThroughput', () => {
  it('reports finite, positive MB/s for both directions', async () => {
    const { encryptMBps, decryptMBps } = await measureAgeThroughput(8);
    for (const rate of [encryptMBps, decryptMBps]) {
      expect(Number.isFinite(rate)).toBe(true);
      expect(rate).toBeGreaterThan(1);
    }
  });
});
