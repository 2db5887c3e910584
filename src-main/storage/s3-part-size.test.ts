import { describe, expect, it } from 'vitest';
import { DEFAULT_FIRST_PART_BYTES, MAX_PART_BYTES, MAX_PARTS, MIN_PART_BYTES, maxObjectBytes, partSizeFor } from './s3-part-size';

describe('multipart part sizes', () => {
  it('start at 8 MiB and double every 1,000 parts', () => {
    expect(partSizeFor(1)).toBe(8 * 1024 ** 2);
    expect(partSizeFor(1000)).toBe(8 * 1024 ** 2);
    expect(partSizeFor(1001)).toBe(16 * 1024 ** 2);
    expect(partSizeFor(MAX_PARTS)).toBe(4 * 1024 ** 3);
  });

  it('cover more than S3’s 5 TiB object limit within 10,000 parts, no part above 5 GiB', () => {
    expect(maxObjectBytes(DEFAULT_FIRST_PART_BYTES)).toBeGreaterThanOrEqual(5 * 1024 ** 4);
    // Even the smallest first part S3 allows covers 5 TB (decimal).
    expect(maxObjectBytes(MIN_PART_BYTES)).toBeGreaterThanOrEqual(5e12);
    for (let n = 1; n <= MAX_PARTS; n += 999) expect(partSizeFor(n)).toBeLessThanOrEqual(MAX_PART_BYTES);
  });
});
