// Builds, serialises, reads and checks manifests, including the encrypted private part.
import { LifeboatError } from '../../src-shared/errors';
import {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  manifestPrivateSchema,
  manifestSchema,
  type Manifest,
  type ManifestFile,
  type ManifestPrivate,
} from '../../src-shared/manifest';
import { decryptBuffer, encryptBuffer, type AgeDecryptOptions, type AgeEncryptOptions } from '../crypto';
import type { ServerInfo } from '../pg/client';
import { encryptionKind, publicRecipients } from './encryption-info';

export interface ManifestInput {
  id: string;
  job: string;
  database: string;
  server: ServerInfo;
  toolVersion: string;
  startedAt: Date;
  finishedAt: Date;
  dumpBytes: number;
  compressionLevel: number;
  encryption: AgeEncryptOptions;
  files: ManifestFile[];
  rowCounts: 'exact' | 'off';
  privatePart: string;
}

export function buildManifest(input: ManifestInput): Manifest {
  return {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    backupId: input.id,
    job: input.job,
    database: input.database,
    server: { version: input.server.version, versionNum: input.server.versionNum },
    tools: { pgDump: input.toolVersion },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    dumpBytes: input.dumpBytes,
    compression: { algorithm: 'zstd', level: input.compressionLevel },
    encryption: { format: 'age-encryption.org/v1', kind: encryptionKind(input.encryption), recipients: publicRecipients(input.encryption) },
    files: input.files,
    rowCounts: input.rowCounts,
    private: input.privatePart,
  };
}

export async function encryptPrivatePart(data: ManifestPrivate, encryption: AgeEncryptOptions): Promise<string> {
  // The scrypt work factor is paid once per backup; a lower one would weaken the passphrase.
  return (await encryptBuffer(Buffer.from(JSON.stringify(data)), encryption)).toString('base64');
}

export async function decryptPrivatePart(manifest: Manifest, keys: AgeDecryptOptions): Promise<ManifestPrivate> {
  const plain = await decryptBuffer(Buffer.from(manifest.private, 'base64'), keys);
  const parsed = manifestPrivateSchema.safeParse(JSON.parse(plain.toString('utf8')));
  if (!parsed.success) throw new LifeboatError('NOT_A_BACKUP', 'The manifest\'s encrypted part is not in the expected format.');
  return parsed.data;
}

export function parseManifest(text: string, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LifeboatError('NOT_A_BACKUP', `${where} is not valid JSON, so it is not a Lifeboat manifest.`, { fix: 'Choose the .manifest.json file written beside the backup.' });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LifeboatError('NOT_A_BACKUP', `${where} is not a Lifeboat v1 manifest (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown field'}).`, {
      fix: 'This file may come from a newer Lifeboat or another tool; update Lifeboat or import it as a plain backup file.',
    });
  }
  return parsed.data;
}
