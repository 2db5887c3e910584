// A job described in plain sentences, for the guided setup's last step and confirmations.
import type { DestinationView } from '../../src-shared/api';
import type { JobDraft } from './job-draft';
import { describeRetention } from './retention-draft';

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function describeSource(draft: JobDraft): string {
  const server = `${draft.source.host}${draft.source.port && draft.source.port !== 5432 ? `:${draft.source.port}` : ''}`;
  if (draft.databases.mode === 'all') {
    const except = draft.databases.exclude.length > 0 ? ` except ${list(draft.databases.exclude)}` : '';
    return `All databases on ${server}${except}, including ones created later, as user ${draft.source.user}.`;
  }
  return `${list(draft.databases.names)} on ${server}, as user ${draft.source.user}.`;
}

export function describeDestinations(draft: JobDraft, known: DestinationView[]): string[] {
  return draft.destinations.map((name) => {
    const d = known.find((k) => k.name === name);
    const where = d ? ` (${d.where})` : '';
    const retention = draft.retention[name];
    return `${name}${where}. ${retention ? describeRetention(retention) : ''}`.trim();
  });
}

export function describeEncryption(draft: JobDraft): string {
  switch (draft.encryption.kind) {
    case 'x25519':
      return draft.encryption.kitConfirmed ? 'Locked with a key pair kept in this computer’s keychain; you have the recovery kit.' : 'Locked with a key pair kept in this computer’s keychain.';
    case 'passphrase':
      return 'Locked with your passphrase.';
    case 'public-key':
      return 'Locked with public keys only; restores will ask for the secret key.';
  }
}
