// Opens a legacy backup file and peels its layers, detected one by one from their first bytes,
// until the payload (SQL text or a pg_dump archive) appears. Every byte read from the file is
// counted and hashed on the way. Keys are checked while the chain is built — openssl and gpg on
// the first blocks, Fernet by a full HMAC pass — so a caller learns about a wrong key before it
// creates anything.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import { MeasureStream } from '../pipeline/measure-stream';
import { Base64Decode } from './base64-stream';
import { gunzipStage, zstdStage } from './decompress';
import { DETECT_BYTES, detectFormat, unreadableError, type Detection, type LayerKind, type PayloadKind } from './detect';
import { fernetStage } from './fernet';
import { gpgStage } from './gpg';
import { opensslStage } from './openssl-enc';
import { parseArchiveHeader, type ArchiveHeader } from './pg-archive';
import { mostTelling, peek, settleMostTelling, transformStage, type Stage } from './streams';

export interface LegacyKeys {
  /** openssl enc and gpg --symmetric passphrase. */
  passphrase?: string;
  /** Fernet key (base64url, 32 bytes), e.g. a backup script's ENCRYPTION_KEY. */
  fernetKey?: string;
}

/** A legacy file to read: a path given by the user, or an imported backup's copy. */
export interface LegacySource {
  label: string;
  fileName: string;
  open(): Promise<Readable>;
  size: number | undefined;
  mtime: Date | undefined;
  backupId: string | null;
  /** Size and SHA-256 the catalog recorded at import, checked once the file was read. */
  expected?: { size: number | null; sha256: string | null };
}

export interface LayerInfo {
  kind: LayerKind;
  /** "gzip", "openssl enc -aes-256-cbc -pbkdf2", "Fernet token (…)" … */
  name: string;
}

export interface OpenedPayload {
  layers: LayerInfo[];
  payload: PayloadKind;
  payloadName: string;
  /** The payload's first bytes (up to 512). */
  head: Buffer;
  /** The payload from its first byte. */
  stream: Readable;
  /** Counts the payload bytes that passed. */
  payloadMeasure: MeasureStream;
  /** Bytes read from the file: count and SHA-256. */
  stored: MeasureStream;
  /** Settles when every layer has finished; rejects with the most telling failure. */
  done: Promise<void>;
  /** Stops reading: destroys the streams and kills gpg. */
  destroy(): void;
  archive: ArchiveHeader | undefined;
  /** When a Fernet layer says the file was encrypted. */
  encryptedAt: Date | undefined;
}

const MAX_LAYERS = 6;

type LayerFactory = (input: Readable) => Promise<Stage>;

export async function openPayload(source: LegacySource, keys: LegacyKeys, options: { onStoredBytes?: (n: number) => void } = {}): Promise<OpenedPayload> {
  const label = source.label;
  const stored = new MeasureStream({ hash: true, onBytes: options.onStoredBytes });
  const raw = await source.open();
  const stages: Stage[] = [transformStage(raw, stored, (error) => readError(error, label))];
  const factories: LayerFactory[] = [];
  const layers: LayerInfo[] = [];
  let encryptedAt: Date | undefined;
  let current: Readable = stored;
  const destroyAll = () => {
    for (const stage of stages) {
      stage.kill?.();
      stage.stream.destroy();
    }
    raw.destroy();
  };

  /** The input of layer `index` again, from the start of the file (for Fernet's verifying pass). */
  const reopen = (index: number) => async (): Promise<Readable> => {
    let stream = await source.open();
    for (const factory of factories.slice(0, index)) stream = (await factory(stream)).stream;
    return stream;
  };

  try {
    for (;;) {
      let peeked: Awaited<ReturnType<typeof peek>>;
      try {
        peeked = await peek(current, DETECT_BYTES);
      } catch (error) {
        throw await explainEarlyFailure(error, stages);
      }
      if (peeked.head.length === 0) {
        await settleMostTelling(stages.map((s) => s.done)); // a layer that failed says why it gave nothing
        throw new LifeboatError('NOT_A_BACKUP', layers.length === 0 ? `${label} is empty.` : `${label} holds nothing after ${describeLayers(layers)}.`, {
          fix: 'Check that this is the right file; an empty backup file means the backup itself failed.',
        });
      }
      const detection = detectFormat(peeked.head);
      if (detection.role === 'payload') {
        const payload = new MeasureStream();
        const payloadStage = transformStage(peeked.stream, payload, (error) => error as Error);
        stages.push(payloadStage);
        const done = settleMostTelling(stages.map((s) => s.done));
        done.catch(() => undefined);
        return {
          layers,
          payload: detection.kind,
          payloadName: detection.name,
          head: peeked.head,
          stream: payloadStage.stream,
          payloadMeasure: payload,
          stored,
          done,
          destroy: destroyAll,
          archive: detection.kind === 'sql' ? undefined : parseArchiveHeader(peeked.head),
          encryptedAt,
        };
      }
      if (detection.role !== 'layer') throw unreadableError(label, detection, layers.map((l) => l.name));
      if (detection.kind === 'age') {
        throw new LifeboatError('NOT_A_BACKUP', layers.length === 0 ? `${label} is a Lifeboat (age) backup, not a file to import.` : `${label} holds an age file after ${describeLayers(layers)}.`, {
          fix: layers.length === 0 ? 'Verify or restore it directly: lifeboat verify FILE / lifeboat restore FILE --db URL (with --identity or --passphrase-env).' : 'Decrypt the outer layers first, then restore the .age file with lifeboat restore.',
        });
      }
      if (layers.length >= MAX_LAYERS) {
        throw new LifeboatError('NOT_A_BACKUP', `${label} has more than ${MAX_LAYERS} layers (${describeLayers(layers)} → …); that is not a backup.`, { fix: 'Check that this is the right file.' });
      }
      const { factory, name, encryptedAt: layerTime } = layerFor(detection, keys, label, reopen(layers.length));
      const stage = await factory(peeked.stream);
      encryptedAt ??= layerTime?.();
      factories.push(factory);
      stages.push(stage);
      layers.push({ kind: detection.kind, name: name() });
      current = stage.stream;
    }
  } catch (error) {
    destroyAll();
    current.destroy();
    throw error;
  }
}

/** How to peel one layer. The factory is kept: Fernet's verifying pass peels the outer layers again. */
function layerFor(
  detection: Extract<Detection, { role: 'layer' }>,
  keys: LegacyKeys,
  label: string,
  reopen: () => Promise<Readable>,
): { factory: LayerFactory; name: () => string; encryptedAt?: () => Date | undefined } {
  switch (detection.kind) {
    case 'gzip':
      return { factory: async (input) => gunzipStage(input, label), name: () => 'gzip' };
    case 'zstd':
      return { factory: async (input) => zstdStage(input, label), name: () => 'zstd' };
    case 'openssl-base64':
      return { factory: async (input) => transformStage(input, new Base64Decode(`base64 text of ${label}`), (e) => e as Error), name: () => 'base64 (openssl enc -a)' };
    case 'openssl-enc': {
      let variant = 'openssl enc -aes-256-cbc';
      return {
        factory: async (input) => {
          const layer = await opensslStage(input, keys.passphrase, label);
          variant = layer.variant;
          return layer.stage;
        },
        name: () => variant,
      };
    }
    case 'fernet': {
      let timestamp: Date | undefined;
      return {
        factory: async (input) => {
          const layer = await fernetStage(input, reopen, keys.fernetKey, label);
          timestamp = layer.timestamp;
          return layer.stage;
        },
        name: () => 'Fernet (AES-128-CBC + HMAC-SHA256)',
        encryptedAt: () => timestamp,
      };
    }
    case 'gpg': {
      const info = detection.detail ?? { encryption: 'unknown' as const, armored: false };
      return {
        factory: async (input) => gpgStage(input, info, keys.passphrase, label),
        name: () => (info.encryption === 'symmetric' ? 'GnuPG symmetric (gpg --symmetric)' : info.encryption === 'public-key' ? 'GnuPG public key (gpg --encrypt)' : 'GnuPG (ASCII-armored)'),
      };
    }
    case 'age':
      throw new Error('age is routed before layers are built');
  }
}

/** When the first bytes of a layer cannot be read, the stage that failed says why. */
async function explainEarlyFailure(error: unknown, stages: Stage[]): Promise<unknown> {
  const settled = await Promise.race([
    Promise.allSettled(stages.map((s) => s.done)),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref()),
  ]);
  const failures = settled ? settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown) : [];
  return mostTelling([...failures, error]);
}

function readError(error: unknown, label: string): Error {
  if (error instanceof LifeboatError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return new LifeboatError('BACKUP_NOT_FOUND', `${label} does not exist.`, { fix: 'Check the path.', cause: error });
  if (err.code === 'EACCES' || err.code === 'EPERM') return new LifeboatError('BAD_INPUT', `${label} cannot be read: permission denied.`, { fix: 'Check the file permissions.', cause: error });
  return new LifeboatError('BACKUP_NOT_FOUND', `${label} could not be read: ${err.message}.`, { fix: 'Check the disk or the network share it is on.', cause: error });
}

export function describeLayers(layers: LayerInfo[]): string {
  return layers.map((l) => l.name).join(' → ');
}

/** "openssl enc -aes-256-cbc -pbkdf2 → gzip → plain SQL (pg_dump -Fp)" */
export function describeFormat(layers: LayerInfo[], payloadName: string): string {
  return [...layers.map((l) => l.name), payloadName].join(' → ');
}

/** A LegacySource for a path on this computer. */
export async function sourceFromPath(file: string): Promise<LegacySource> {
  const abs = path.resolve(file);
  const stat = await fs.stat(abs).catch(() => undefined);
  if (!stat?.isFile()) throw new LifeboatError('BACKUP_NOT_FOUND', `${abs} does not exist or is not a file.`, { fix: 'Check the path.' });
  return {
    label: abs,
    fileName: path.basename(abs),
    size: stat.size,
    mtime: stat.mtime,
    backupId: null,
    open: async () => createReadStream(abs, { highWaterMark: 1024 * 1024 }),
  };
}

/** The first bytes of a file: enough to route it (age → Lifeboat's own restore; anything else → the importers). */
export async function readHead(file: string, bytes = DETECT_BYTES): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** After the whole file was read: it must be what the catalog recorded at import. */
export function checkExpected(source: LegacySource, stored: MeasureStream): void {
  const expected = source.expected;
  if (!expected) return;
  const sha256 = stored.sha256();
  if ((expected.size !== null && expected.size !== stored.bytes) || (expected.sha256 !== null && expected.sha256 !== sha256)) {
    throw new LifeboatError('HASH_MISMATCH', `${source.label} changed since it was imported: expected ${expected.size ?? '?'} bytes with SHA-256 ${(expected.sha256 ?? '?').slice(0, 12)}…, read ${stored.bytes} bytes with ${sha256.slice(0, 12)}….`, {
      fix: 'If the file was replaced on purpose, import it again; otherwise use another copy.',
    });
  }
}
