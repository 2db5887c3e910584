// A destination as typed in the form: a folder (local disk or NAS share) or an S3-compatible
// bucket (Backblaze B2, Amazon S3, MinIO…), and the checks done before the core tests it.
import type { DestinationInput } from '../../src-shared/api';
import type { FieldErrors } from './field-errors';

export type S3Provider = 'b2' | 'aws' | 'other';

export interface FolderDraft {
  kind: 'folder';
  name: string;
  path: string;
}

export interface S3Draft {
  kind: 's3';
  name: string;
  provider: S3Provider;
  region: string;
  endpoint: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export type DestinationDraft = FolderDraft | S3Draft;

export const DESTINATION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,40}$/;

export function emptyFolder(name = 'nas'): FolderDraft {
  return { kind: 'folder', name, path: '' };
}

export function emptyS3(name = 'b2'): S3Draft {
  return { kind: 's3', name, provider: 'b2', region: '', endpoint: '', bucket: '', prefix: 'lifeboat/', accessKeyId: '', secretAccessKey: '' };
}

/** Backblaze B2's S3 endpoint for a region such as us-west-004 (shown on the bucket's page). */
export function b2Endpoint(region: string): string {
  return `https://s3.${region.trim() || '<region>'}.backblazeb2.com`;
}

/** A name not taken yet: "nas", "nas-2", … */
export function freeName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i += 1) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

export function validateDestination(draft: DestinationDraft, takenNames: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  if (!DESTINATION_NAME.test(draft.name)) errors['name'] = 'Use a letter first, then letters, digits, - or _ (no spaces). For example: nas or b2.';
  else if (takenNames.includes(draft.name)) errors['name'] = `There is already a destination called “${draft.name}”. Choose another name.`;
  if (draft.kind === 'folder') {
    if (!draft.path.trim()) errors['path'] = 'Enter the folder where backups go, for example /mnt/nas/backups or \\\\nas\\backups.';
    return errors;
  }
  if (draft.provider !== 'aws' && !/^https?:\/\/\S+$/.test(effectiveEndpoint(draft) ?? '')) {
    errors[draft.provider === 'b2' && !draft.endpoint ? 'region' : 'endpoint'] =
      draft.provider === 'b2' ? 'Enter the bucket’s region (for example us-west-004), or its full S3 endpoint.' : 'Enter the service’s S3 address, starting with https://.';
  }
  if (draft.provider === 'aws' && !draft.region.trim()) errors['region'] = 'Enter the bucket’s region, for example eu-central-1.';
  if (draft.bucket.trim().length < 3) errors['bucket'] = 'Enter the bucket name (at least 3 characters).';
  if (!draft.accessKeyId.trim()) errors['accessKeyId'] = 'Enter the key ID (Backblaze: “keyID” of an application key).';
  if (!draft.secretAccessKey) errors['secretAccessKey'] = 'Enter the secret key (Backblaze: “applicationKey”). It is shown only once when the key is created.';
  return errors;
}

function effectiveEndpoint(draft: S3Draft): string | undefined {
  if (draft.endpoint.trim()) return draft.endpoint.trim();
  if (draft.provider === 'b2' && draft.region.trim()) return b2Endpoint(draft.region);
  return undefined;
}

export function destinationInput(draft: DestinationDraft): DestinationInput {
  if (draft.kind === 'folder') return { kind: 'folder', name: draft.name, path: draft.path.trim() };
  const input: DestinationInput = {
    kind: 's3',
    name: draft.name,
    bucket: draft.bucket.trim(),
    prefix: draft.prefix.trim(),
    accessKeyId: draft.accessKeyId.trim(),
    secretAccessKey: draft.secretAccessKey,
  };
  const endpoint = effectiveEndpoint(draft);
  if (endpoint) input.endpoint = endpoint;
  if (draft.region.trim()) input.region = draft.region.trim();
  return input;
}
