// What may be said publicly about how a backup is encrypted: the kind and the recipients, never keys.
import type { AgeEncryptionKind } from '../../src-shared/types';
import type { AgeEncryptOptions } from '../crypto';

export function encryptionKind(options: AgeEncryptOptions): AgeEncryptionKind {
  return 'passphrase' in options ? 'passphrase' : 'x25519';
}

export function publicRecipients(options: AgeEncryptOptions): string[] {
  return 'recipients' in options ? [...options.recipients] : [];
}
