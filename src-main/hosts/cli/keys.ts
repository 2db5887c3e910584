// Reads the encryption and decryption keys the CLI was pointed to. Passphrases come from an
// environment variable named by the user, never from the command line itself.
import { readFileSync } from 'node:fs';
import { LifeboatError } from '../../../src-shared/errors';
import { parseIdentities, parseRecipient, recipientFromIdentity, type AgeDecryptOptions, type AgeEncryptOptions } from '../../crypto';

export interface KeyFlags {
  recipient?: string[];
  identity?: string;
  passphraseEnv?: string;
}

export function readPassphrase(envName: string): string {
  const value = process.env[envName];
  if (!value) {
    throw new LifeboatError('BAD_INPUT', `The environment variable ${envName} (from --passphrase-env) is empty or not set.`, {
      fix: `Set it first, e.g. read -s ${envName}; export ${envName}`,
    });
  }
  return value;
}

export function readIdentityFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LifeboatError('KEY_INVALID', `Cannot read the identity file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
      fix: 'Give the path of the key file written by `lifeboat keygen` (or age-keygen).',
    });
  }
  const identities = parseIdentities(text);
  if (identities.length === 0) {
    throw new LifeboatError('KEY_INVALID', `${file} contains no age identity (AGE-SECRET-KEY-1…).`, { fix: 'Give the key file written by `lifeboat keygen` or age-keygen.' });
  }
  return identities;
}

export function encryptionFromFlags(flags: KeyFlags): AgeEncryptOptions {
  const recipients = [...(flags.recipient ?? [])];
  if (flags.identity) recipients.push(...readIdentityFile(flags.identity).map(recipientFromIdentity));
  if (flags.passphraseEnv) {
    if (recipients.length > 0) throw new LifeboatError('BAD_INPUT', 'A backup is encrypted either to recipients or with a passphrase, not both.', { fix: 'Drop --passphrase-env or the --recipient/--identity options.' });
    return { passphrase: readPassphrase(flags.passphraseEnv) };
  }
  if (recipients.length === 0) {
    throw new LifeboatError('BAD_INPUT', 'Every backup is encrypted, and no key was given.', {
      fix: 'Create a key with `lifeboat keygen --out key.txt` and pass --recipient age1… (or --identity key.txt), or use --passphrase-env VAR.',
    });
  }
  for (const r of recipients) parseRecipient(r);
  return { recipients };
}

export function decryptionFromFlags(flags: KeyFlags): AgeDecryptOptions {
  const keys: AgeDecryptOptions = {};
  if (flags.identity) keys.identities = readIdentityFile(flags.identity);
  if (flags.passphraseEnv) keys.passphrase = readPassphrase(flags.passphraseEnv);
  return keys;
}
