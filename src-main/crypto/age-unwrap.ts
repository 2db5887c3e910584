// Chooses which of the user's keys opens a backup header, and turns "nothing opened it" into an
// error that says whether a passphrase or a secret key is needed, without revealing either.
import { LifeboatError } from '../../src-shared/errors';
import { type ParsedHeader, unwrapScrypt, unwrapX25519, verifyHeaderMac } from './age-header';
import { type X25519Identity, parseIdentities, parseIdentity } from './age-keys';

export interface AgeDecryptOptions {
  /** Secret keys (AGE-SECRET-KEY-1…); an entry holding a whole key file is split into its keys. */
  identities?: string[];
  passphrase?: string;
}

export interface DecryptKeys {
  identities: X25519Identity[];
  passphrase: string | undefined;
}

/** Validates and parses the caller's keys up front, so a mistyped key fails before any I/O. */
export function prepareDecryptKeys(options: AgeDecryptOptions): DecryptKeys {
  if (options === null || typeof options !== 'object') {
    throw new LifeboatError('BAD_INPUT', 'Decryption options are missing.', { fix: 'Pass { identities } and/or { passphrase }.' });
  }
  const raw = options.identities ?? [];
  if (!Array.isArray(raw)) {
    throw new LifeboatError('BAD_INPUT', 'identities must be a list of secret keys.', { fix: 'Pass identities as an array of strings.' });
  }
  const identities = raw
    .flatMap((s) => (typeof s === 'string' && s.includes('\n') ? parseIdentities(s) : [s]))
    .map((s) => parseIdentity(s));
  const passphrase = options.passphrase;
  if (passphrase !== undefined && (typeof passphrase !== 'string' || passphrase.length === 0)) {
    throw new LifeboatError('KEY_INVALID', 'The passphrase is empty.', { fix: 'Enter the passphrase this backup was encrypted with.' });
  }
  return { identities, passphrase };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 public keys (X25519)", "a passphrase (scrypt)", "1 recipient of type 'piv-p256'": for messages. */
export function describeRecipientKinds(types: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  const parts: string[] = [];
  for (const [type, n] of counts) {
    if (type === 'X25519') parts.push(plural(n, 'public key (X25519)', 'public keys (X25519)'));
    else if (type === 'scrypt') parts.push('a passphrase (scrypt)');
    else parts.push(`${plural(n, 'recipient', 'recipients')} of type '${type}'`);
  }
  return parts.join(', ');
}

const DAMAGED_HINT = 'If you are sure it is right, the backup header may be damaged: try another copy of the backup.';

async function unwrapWithPassphrase(header: ParsedHeader, keys: DecryptKeys): Promise<Buffer> {
  const stanza = header.stanzas[0];
  if (keys.passphrase === undefined || !stanza) {
    const extra = keys.identities.length > 0 ? ' A secret key was given, but this backup does not use one.' : '';
    throw new LifeboatError('DECRYPT_NO_KEY', `This backup is protected by a passphrase, and no passphrase was given.${extra}`, {
      fix: 'Enter the passphrase that was set when this backup was made.',
      details: { needs: 'passphrase', recipients: describeRecipientKinds(['scrypt']) },
    });
  }
  const fileKey = await unwrapScrypt(stanza, keys.passphrase);
  if (!fileKey) {
    throw new LifeboatError('DECRYPT_WRONG_KEY', 'The passphrase does not open this backup.', {
      fix: `Check the passphrase (it is case-sensitive) and try again. ${DAMAGED_HINT}`,
    });
  }
  return fileKey;
}

function unwrapWithIdentities(header: ParsedHeader, keys: DecryptKeys): Buffer {
  const types = header.stanzas.map((s) => s.type);
  const kinds = describeRecipientKinds(types);
  const x25519 = header.stanzas.filter((s) => s.type === 'X25519');
  if (x25519.length === 0) {
    throw new LifeboatError('DECRYPT_NO_KEY', `This backup is encrypted to ${kinds}, which Lifeboat cannot open.`, {
      fix: 'Decrypt it with the tool that made it, using the matching key or plugin.',
      details: { needs: 'unsupported', recipients: kinds },
    });
  }
  if (keys.identities.length === 0) {
    const extra = keys.passphrase !== undefined ? ' A passphrase was given, but this backup does not use one.' : '';
    throw new LifeboatError('DECRYPT_NO_KEY', `This backup is encrypted to ${kinds}, and no secret key was given.${extra}`, {
      fix: 'Provide the key file (its secret key starts with AGE-SECRET-KEY-1) that belongs to one of the public keys this backup was made for.',
      details: { needs: 'identity', recipients: kinds },
    });
  }
  for (const identity of keys.identities) {
    for (const stanza of x25519) {
      const fileKey = unwrapX25519(stanza, identity);
      if (fileKey) return fileKey;
    }
  }
  const given = plural(keys.identities.length, 'secret key', 'secret keys');
  throw new LifeboatError('DECRYPT_WRONG_KEY', `None of the ${given} given matches this backup, which is encrypted to ${kinds}.`, {
    fix: `Use the key file whose "# public key:" line is one of the keys this backup was made for. ${DAMAGED_HINT}`,
    details: { recipients: kinds },
  });
}

/** Recovers the file key and checks the header MAC with it. The caller owns (and should wipe) the result. */
export async function unwrapFileKey(header: ParsedHeader, keys: DecryptKeys): Promise<Buffer> {
  const isScrypt = header.stanzas.some((s) => s.type === 'scrypt');
  const fileKey = isScrypt ? await unwrapWithPassphrase(header, keys) : unwrapWithIdentities(header, keys);
  if (!verifyHeaderMac(header, fileKey)) {
    fileKey.fill(0);
    throw new LifeboatError('DECRYPT_CORRUPT', 'The backup header failed its integrity check (MAC mismatch): it was altered or damaged.', {
      fix: 'The backup file was damaged. Use another copy of this backup, such as a mirror, or a different backup.',
    });
  }
  return fileKey;
}
