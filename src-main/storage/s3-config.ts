// What an S3-compatible destination needs (Backblaze B2, AWS S3, MinIO, Wasabi), the ad-hoc
// s3://bucket/prefix form of it, and the checks that turn typos into specific errors early.
import { isIP } from 'node:net';
import { LifeboatError } from '../../src-shared/errors';

export interface S3DestinationConfig {
  /** Origin of an S3-compatible service, e.g. https://s3.us-west-004.backblazeb2.com. Absent: AWS S3. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** '/'-separated, no leading or trailing slash; '' is the bucket's root. */
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle?: boolean;
  storageClass?: string;
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number };
  bandwidthLimitBytesPerSecond?: number;
}

export const DEFAULT_REGION = 'us-east-1';

const URL_PARAMS = ['endpoint', 'region', 'path-style', 'storage-class'] as const;

/**
 * Reads `s3://bucket/prefix?endpoint=…&region=…&path-style=true&storage-class=…`. Credentials come only
 * from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (a secret in a URL ends up in shell history and logs).
 * Endpoint: the URL's, else AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS itself. Region: the URL's,
 * else the one in a B2/Wasabi/AWS endpoint name (those endpoints reject signatures for another region),
 * else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.
 */
export function parseS3Url(url: string, env: NodeJS.ProcessEnv): S3DestinationConfig {
  const match = /^s3:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i.exec(url.trim());
  if (!match) {
    throw new LifeboatError('BAD_INPUT', `"${redactUrl(url)}" is not an s3:// address.`, {
      fix: 'Write it as s3://bucket/optional/prefix?endpoint=https://s3.us-west-004.backblazeb2.com',
    });
  }
  const [, authority = '', path = '', query = ''] = match;
  if (authority.includes('@')) {
    throw new LifeboatError('BAD_INPUT', 'The s3:// address contains credentials; Lifeboat does not read keys from addresses.', {
      fix: 'Remove the key from the address and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead (or save the destination so the secret goes to the keychain).',
    });
  }
  const params = new URLSearchParams(query);
  const unknown = [...params.keys()].filter((k) => !(URL_PARAMS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new LifeboatError('BAD_INPUT', `Unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} in the s3:// address.`, {
      fix: `Supported options: ${URL_PARAMS.join(', ')}.`,
    });
  }

  const bucket = validateBucketName(decodeURIComponent(authority));
  const prefix = normalizePrefix(decodeURIComponent(path));
  const rawEndpoint = params.get('endpoint') || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  const endpoint = rawEndpoint ? normalizeEndpoint(rawEndpoint) : undefined;
  const region = params.get('region') || (endpoint ? regionFromEndpoint(endpoint) : undefined) || env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION;

  const missing = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new LifeboatError('BAD_INPUT', `No credentials for s3://${bucket}: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set.`, {
      fix: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (for Backblaze B2: the application key\'s keyID and applicationKey), or save the destination so the secret is kept in the keychain.',
    });
  }

  const config: S3DestinationConfig = {
    region,
    bucket,
    prefix,
    accessKeyId: env.AWS_ACCESS_KEY_ID!,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
  };
  if (endpoint) config.endpoint = endpoint;
  const pathStyle = params.get('path-style');
  if (pathStyle !== null) config.forcePathStyle = parseBoolean(pathStyle, 'path-style');
  else if (endpoint && isLocalHost(new URL(endpoint).hostname)) config.forcePathStyle = true;
  const storageClass = params.get('storage-class');
  if (storageClass) config.storageClass = storageClass;
  return config;
}

/**
 * Accepts what people paste: `s3.us-west-004.backblazeb2.com` (B2 shows it without a scheme) becomes
 * https://s3.us-west-004.backblazeb2.com, because every public S3 service speaks HTTPS and a key must not
 * travel in clear text. Only for localhost/IP addresses is the scheme really unknown (a MinIO on the LAN
 * is often plain HTTP), so there it must be written out. Returns the bare origin.
 */
export function normalizeEndpoint(raw: string): string {
  const text = raw.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw new LifeboatError('BAD_INPUT', `The endpoint "${text}" is not a valid address.`, { fix: 'Give the service address, e.g. https://s3.us-west-004.backblazeb2.com' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LifeboatError('BAD_INPUT', `The endpoint "${text}" must start with https:// or http://.`, { fix: 'Give the service address, e.g. https://s3.us-west-004.backblazeb2.com' });
  }
  if (!hasScheme && isLocalHost(url.hostname)) {
    throw new LifeboatError('BAD_INPUT', `The endpoint "${text}" needs http:// or https:// in front: for a server on this network Lifeboat cannot tell which one it speaks.`, {
      fix: `Write http://${text} or https://${text}.`,
    });
  }
  if (url.username || url.password) {
    throw new LifeboatError('BAD_INPUT', 'The endpoint address contains credentials; Lifeboat does not read keys from addresses.', {
      fix: 'Remove them from the endpoint and give the key separately.',
    });
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new LifeboatError('BAD_INPUT', `The endpoint "${text}" has a path; the endpoint is only the service address.`, {
      fix: `Use ${url.origin} as the endpoint and put the bucket and folder in s3://bucket/prefix.`,
    });
  }
  return url.origin;
}

/** B2, Wasabi and AWS put the region in the endpoint name (s3.us-west-004.backblazeb2.com). */
export function regionFromEndpoint(endpoint: string): string | undefined {
  const host = new URL(endpoint).hostname.toLowerCase();
  return /^s3\.([a-z0-9-]+)\.(?:backblazeb2\.com|wasabisys\.com|amazonaws\.com)$/.exec(host)?.[1];
}

/**
 * S3 rules (3–63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a
 * letter or digit, not an IP address), relaxed to allow the uppercase letters and underscores that old
 * AWS buckets and B2 bucket names may contain.
 */
export function validateBucketName(bucket: string): string {
  const problem =
    bucket.length === 0
      ? 'the bucket name is missing'
      : bucket.length < 3 || bucket.length > 63
        ? 'a bucket name has 3 to 63 characters'
        : !/^[A-Za-z0-9._-]+$/.test(bucket)
          ? 'a bucket name may only contain letters, digits, dots and hyphens'
          : !/^[A-Za-z0-9].*[A-Za-z0-9]$/.test(bucket)
            ? 'a bucket name starts and ends with a letter or digit'
            : bucket.includes('..')
              ? 'a bucket name cannot contain two dots in a row'
              : isIP(bucket)
                ? 'a bucket name cannot be an IP address'
                : undefined;
  if (problem) {
    throw new LifeboatError('BAD_INPUT', bucket ? `"${bucket}" is not a valid bucket name: ${problem}.` : 'The s3:// address has no bucket name.', {
      fix: 'Write it as s3://bucket-name/optional/prefix, with the bucket name exactly as the storage service shows it.',
    });
  }
  return bucket;
}

/** Trims slashes; rejects empty, '.' and '..' segments, which some services and proxies rewrite. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (trimmed.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new LifeboatError('BAD_INPUT', `The folder "${prefix}" in the s3:// address is not valid (empty, "." or ".." part).`, {
      fix: 'Use a plain path such as s3://bucket/lifeboat/office.',
    });
  }
  return trimmed;
}

/** True for localhost and IP addresses: there virtual-hosted bucket names cannot resolve. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isIP(host) !== 0;
}

/** Whether the client must address the bucket in the path (http://host/bucket/key). */
export function usesPathStyle(config: S3DestinationConfig): boolean {
  if (config.forcePathStyle !== undefined) return config.forcePathStyle;
  return config.endpoint ? isLocalHost(new URL(config.endpoint).hostname) : false;
}

/** The catalog identity: s3:<endpoint host or 'aws'>/<bucket>[/<prefix>]. Never contains a secret. */
export function s3DestinationId(config: Pick<S3DestinationConfig, 'endpoint' | 'bucket' | 'prefix'>): string {
  const host = config.endpoint ? new URL(config.endpoint).host.toLowerCase() : 'aws';
  return `s3:${host}/${config.bucket}${config.prefix ? `/${config.prefix}` : ''}`;
}

/** How to name it to a person: the address plus where it lives. */
export function s3DestinationLabel(config: Pick<S3DestinationConfig, 'endpoint' | 'bucket' | 'prefix' | 'region'>): string {
  const where = config.endpoint ? new URL(config.endpoint).host : `AWS S3 ${config.region}`;
  return `s3://${config.bucket}${config.prefix ? `/${config.prefix}` : ''} (${where})`;
}

function parseBoolean(value: string, name: string): boolean {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new LifeboatError('BAD_INPUT', `"${name}=${value}" in the s3:// address must be true or false.`);
}

/** For messages: an address that somebody pasted with a key in it must not be echoed back. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//…@');
}
