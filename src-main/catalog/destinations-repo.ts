// Named destinations: their non-secret configuration. Secrets (the S3 secret key) are in the
// secret store under secretRefs.destinationSecret(name), never here.
import { z } from 'zod';
import { LifeboatError } from '../../src-shared/errors';
import type { CatalogDb } from './open-catalog';

export const folderDestinationConfigSchema = z.object({
  path: z.string().min(1),
  /** How long to wait for a NAS share to appear (after wake) before failing the copy. */
  mountWaitSeconds: z.number().int().min(0).max(3600).default(120),
});

export const s3DestinationConfigSchema = z.object({
  endpoint: z.string().url().optional(),
  region: z.string().min(1),
  bucket: z.string().min(3),
  prefix: z.string().default(''),
  accessKeyId: z.string().min(1),
  forcePathStyle: z.boolean().optional(),
  storageClass: z.string().optional(),
  objectLock: z.object({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: z.number().int().min(1).max(36500) }).optional(),
  bandwidthLimitBytesPerSecond: z.number().int().positive().optional(),
});

export type NamedDestination =
  | { name: string; kind: 'folder'; config: z.infer<typeof folderDestinationConfigSchema> }
  | { name: string; kind: 's3'; config: z.infer<typeof s3DestinationConfigSchema> };

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,40}$/;

export class DestinationsRepo {
  constructor(private readonly db: CatalogDb) {}

  save(destination: NamedDestination): void {
    if (!NAME_PATTERN.test(destination.name)) {
      throw new LifeboatError('BAD_INPUT', `"${destination.name}" is not a valid destination name.`, {
        fix: 'Use a letter followed by letters, digits, - or _ (at most 41 characters), e.g. nas or b2-offsite.',
      });
    }
    const config = destination.kind === 'folder' ? folderDestinationConfigSchema.parse(destination.config) : s3DestinationConfigSchema.parse(destination.config);
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO destinations (name, kind, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config = excluded.config, updated_at = excluded.updated_at`,
      )
      .run(destination.name, destination.kind, JSON.stringify(config), now, now);
  }

  get(name: string): NamedDestination | undefined {
    const row = this.db.prepare<[string], { name: string; kind: 'folder' | 's3'; config: string }>('SELECT name, kind, config FROM destinations WHERE name = ?').get(name);
    return row ? hydrate(row) : undefined;
  }

  list(): NamedDestination[] {
    return this.db
      .prepare<[], { name: string; kind: 'folder' | 's3'; config: string }>('SELECT name, kind, config FROM destinations ORDER BY name')
      .all()
      .map(hydrate);
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM destinations WHERE name = ?').run(name).changes > 0;
  }
}

function hydrate(row: { name: string; kind: 'folder' | 's3'; config: string }): NamedDestination {
  const raw: unknown = JSON.parse(row.config);
  return row.kind === 'folder'
    ? { name: row.name, kind: 'folder', config: folderDestinationConfigSchema.parse(raw) }
    : { name: row.name, kind: 's3', config: s3DestinationConfigSchema.parse(raw) };
}
