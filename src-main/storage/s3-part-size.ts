// Part sizes for a multipart upload of unknown length: small parts while the object is small
// (little memory, fast retries), doubling every 1,000 parts so 10,000 parts always suffice.
//
// With the default 8 MiB start: parts 1–1000 are 8 MiB (8 GiB in total), 1001–2000 16 MiB (24 GiB),
// then 32, 64, 128, 256, 512 MiB, 1, 2 and 4 GiB. The 10,000 parts hold 8 MiB × 1000 × (2^10 − 1)
// ≈ 8.0 TiB, more than S3's 5 TiB object limit; no part exceeds S3's 5 GiB part limit.
// (s3-part-size.test.ts checks these numbers.)

export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_BYTES = 5 * 1024 * 1024 * 1024;
export const MAX_PARTS = 10_000;
export const DEFAULT_FIRST_PART_BYTES = 8 * 1024 * 1024;
export const PARTS_PER_DOUBLING = 1_000;

/** Size of part `partNumber` (1-based). Every part but the last has exactly this size. */
export function partSizeFor(partNumber: number, firstPartBytes = DEFAULT_FIRST_PART_BYTES): number {
  return Math.min(MAX_PART_BYTES, firstPartBytes * 2 ** Math.floor((partNumber - 1) / PARTS_PER_DOUBLING));
}

/** The largest object the schedule can upload within MAX_PARTS. */
export function maxObjectBytes(firstPartBytes = DEFAULT_FIRST_PART_BYTES): number {
  let total = 0;
  for (let n = 1; n <= MAX_PARTS; n++) total += partSizeFor(n, firstPartBytes);
  return total;
}
