import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { normalizeEndpoint, parseS3Url, s3DestinationId, s3DestinationLabel } from './s3-config';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG' };

function failure(fn: () => unknown): LifeboatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LifeboatError);
    return error as LifeboatError;
  }
  throw new Error('expected a LifeboatError');
}

describe('parseS3Url', () => {
  it('reads bucket, prefix, endpoint and region; credentials only from the environment', () => {
    const config = parseS3Url('s3://office-backups/lifeboat/pg/?endpoint=https://s3.eu-central-003.backblazeb2.com&region=eu-central-003', KEYS);
    expect(config).toEqual({
      endpoint: 'https://s3.eu-central-003.backblazeb2.com',
      region: 'eu-central-003',
      bucket: 'office-backups',
      prefix: 'lifeboat/pg',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
    });
  });

  it('adds https:// to a B2 endpoint typed without a scheme and takes the region from its name', () => {
    const config = parseS3Url('s3://office-backups?endpoint=s3.us-west-004.backblazeb2.com', { ...KEYS, AWS_REGION: 'eu-west-1' });
    expect(config.endpoint).toBe('https://s3.us-west-004.backblazeb2.com');
    expect(config.region).toBe('us-west-004');
    expect(config.prefix).toBe('');
    expect(config.forcePathStyle).toBeUndefined();
  });

  it('falls back to AWS_ENDPOINT_URL, AWS_REGION and then us-east-1', () => {
    expect(parseS3Url('s3://bkt/x', { ...KEYS, AWS_ENDPOINT_URL: 'https://minio.example.net:9000', AWS_REGION: 'eu-west-1' })).toMatchObject({
      endpoint: 'https://minio.example.net:9000',
      region: 'eu-west-1',
    });
    const aws = parseS3Url('s3://bkt', KEYS);
    expect(aws.endpoint).toBeUndefined();
    expect(aws.region).toBe('us-east-1');
  });

  it('uses path-style addressing for IP addresses and localhost, and when asked', () => {
    expect(parseS3Url('s3://bkt?endpoint=http://127.0.0.1:9000', KEYS).forcePathStyle).toBe(true);
    expect(parseS3Url('s3://bkt?endpoint=http://localhost:9000', KEYS).forcePathStyle).toBe(true);
    expect(parseS3Url('s3://bkt?endpoint=https://files.example.com&path-style=true', KEYS).forcePathStyle).toBe(true);
    expect(parseS3Url('s3://bkt?endpoint=https://files.example.com&storage-class=STANDARD_IA', KEYS).storageClass).toBe('STANDARD_IA');
  });

  it('names the missing environment variables', () => {
    const both = failure(() => parseS3Url('s3://bkt', {}));
    expect(both.code).toBe('BAD_INPUT');
    expect(both.message).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    const one = failure(() => parseS3Url('s3://bkt', { AWS_ACCESS_KEY_ID: 'x' }));
    expect(one.message).toContain('AWS_SECRET_ACCESS_KEY is not set');
    expect(one.message).not.toContain('AWS_ACCESS_KEY_ID');
  });

  it('asks for a scheme only where it cannot be guessed (a server on this network)', () => {
    const local = failure(() => normalizeEndpoint('192.168.1.20:9000'));
    expect(local.message).toContain('needs http:// or https://');
    expect(local.fix).toContain('http://192.168.1.20:9000');
    expect(normalizeEndpoint('http://192.168.1.20:9000/')).toBe('http://192.168.1.20:9000');
  });

  it('rejects an endpoint with a path (a pasted bucket URL) or a strange scheme', () => {
    const withPath = failure(() => normalizeEndpoint('https://s3.us-west-004.backblazeb2.com/office-backups'));
    expect(withPath.message).toContain('has a path');
    expect(withPath.fix).toContain('https://s3.us-west-004.backblazeb2.com');
    expect(failure(() => normalizeEndpoint('ftp://example.com')).message).toContain('https:// or http://');
  });

  it('rejects invalid bucket names and unknown options, and never echoes a key from the address', () => {
    expect(failure(() => parseS3Url('s3://My Bucket/x', KEYS)).message).toContain('not a valid bucket name');
    expect(failure(() => parseS3Url('s3://ab', KEYS)).message).toContain('3 to 63');
    expect(failure(() => parseS3Url('s3://-bucket', KEYS)).message).toContain('starts and ends');
    expect(failure(() => parseS3Url('s3:///prefix', KEYS)).message).toContain('no bucket name');
    expect(failure(() => parseS3Url('s3://bkt?endpiont=x', KEYS)).message).toContain('"endpiont"');
    const withKey = failure(() => parseS3Url('s3://AKID:SECRETKEY@bkt/x', KEYS));
    expect(withKey.message).toContain('contains credentials');
    expect(JSON.stringify(withKey.toData())).not.toContain('SECRETKEY');
    expect(failure(() => parseS3Url('s3://bkt/a/../b', KEYS)).message).toContain('not valid');
  });
});

describe('s3 destination id and label', () => {
  it('is stable, names host, bucket and prefix, and contains no secret', () => {
    const config = parseS3Url('s3://office-backups/lifeboat?endpoint=s3.us-west-004.backblazeb2.com', KEYS);
    expect(s3DestinationId(config)).toBe('s3:s3.us-west-004.backblazeb2.com/office-backups/lifeboat');
    expect(s3DestinationId(parseS3Url('s3://office-backups', KEYS))).toBe('s3:aws/office-backups');
    expect(s3DestinationId(parseS3Url('s3://bkt/p?endpoint=http://127.0.0.1:9000', KEYS))).toBe('s3:127.0.0.1:9000/bkt/p');
    expect(s3DestinationLabel(config)).toBe('s3://office-backups/lifeboat (s3.us-west-004.backblazeb2.com)');
    for (const text of [s3DestinationId(config), s3DestinationLabel(config)]) {
      expect(text).not.toContain(KEYS.AWS_ACCESS_KEY_ID);
      expect(text).not.toContain(KEYS.AWS_SECRET_ACCESS_KEY);
    }
  });
});
