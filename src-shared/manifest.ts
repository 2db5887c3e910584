// The backup manifest (format v1): written last beside a backup set, readable without the
// key (no secrets, no table names), so a catalog can be rebuilt from any destination.
import { z } from 'zod';

export const MANIFEST_FORMAT = 'lifeboat-backup';
export const MANIFEST_VERSION = 1;

export const manifestFileSchema = z.object({
  role: z.enum(['dump', 'globals']),
  name: z.string().min(1),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  formatVersion: z.literal(MANIFEST_VERSION),
  backupId: z.string().min(1),
  job: z.string().min(1),
  database: z.string().min(1),
  server: z.object({ version: z.string(), versionNum: z.number().int() }),
  tools: z.object({ pgDump: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  dumpBytes: z.number().int().nonnegative(),
  compression: z.object({ algorithm: z.literal('zstd'), level: z.number().int() }),
  encryption: z.object({
    format: z.literal('age-encryption.org/v1'),
    kind: z.enum(['x25519', 'passphrase']),
    recipients: z.array(z.string()),
  }),
  files: z.array(manifestFileSchema).min(1),
  rowCounts: z.enum(['exact', 'off']),
  /** age-encrypted JSON (base64) of ManifestPrivate: table names can be sensitive. */
  private: z.string(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const manifestPrivateSchema = z.object({
  tables: z.array(z.object({ schema: z.string(), table: z.string(), rows: z.number().int().nonnegative() })),
});
export type ManifestPrivate = z.infer<typeof manifestPrivateSchema>;
