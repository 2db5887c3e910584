import { describe, expect, it } from 'vitest';
import { checkEtag, md5, multipartEtag } from './s3-checksum';

describe('ETag check', () => {
  const a = Buffer.alloc(5, 1);
  const b = Buffer.alloc(3, 2);
  const whole = md5(Buffer.concat([a, b]));

  it('computes the AWS multipart ETag as md5 of the part md5s, dash, part count', () => {
    // md5(md5(a) || md5(b)) + '-2', computed with Python's hashlib.
    const expected = '118d55bb5070a51bfe645315aa3ef8ba-2';
    expect(multipartEtag([md5(a), md5(b)])).toBe(expected);
    expect(checkEtag(`"${expected}"`, { md5: whole, partMd5s: [md5(a), md5(b)] }, false)).toBe('match');
    expect(checkEtag(`"${expected}"`, { md5: whole, partMd5s: [md5(b), md5(a)] }, false)).toBe('mismatch');
  });

  it('accepts a plain MD5 of the whole object, and ignores ETags that are not MD5 by design', () => {
    expect(checkEtag(`"${whole.toString('hex')}"`, { md5: whole, partMd5s: [md5(a), md5(b)] }, false)).toBe('match');
    expect(checkEtag(`"${'0'.repeat(32)}"`, { md5: whole }, false)).toBe('mismatch');
    expect(checkEtag(`"${'0'.repeat(32)}"`, { md5: whole }, true)).toBe('unknown');
    expect(checkEtag('"opaque-etag"', { md5: whole }, false)).toBe('unknown');
    expect(checkEtag(undefined, { md5: whole }, false)).toBe('unknown');
  });
});
