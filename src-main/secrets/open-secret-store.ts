// Picks the secret store: the OS keychain when one answers, else the read-only environment/file
// store (headless servers), saying which one is in use.
import type { SecretStore } from './secret-store';
import { EnvFileSecretStore } from './env-file-store';
import { KeychainSecretStore } from './keychain-store';

export async function openSecretStore(env: NodeJS.ProcessEnv = process.env): Promise<SecretStore> {
  const choice = env.LIFEBOAT_SECRETS ?? 'auto';
  if (choice === 'env' || choice === 'file') return new EnvFileSecretStore(env);
  const keychain = new KeychainSecretStore();
  if (choice === 'keychain') return keychain;
  try {
    await keychain.get('probe/availability');
    return new LayeredSecretStore(keychain, new EnvFileSecretStore(env));
  } catch {
    return new EnvFileSecretStore(env);
  }
}

/** Reads the keychain first, then the environment/file; writes go to the keychain. */
class LayeredSecretStore implements SecretStore {
  readonly writable = true;
  readonly description: string;
  constructor(private readonly primary: SecretStore, private readonly fallback: SecretStore) {
    this.description = primary.description;
  }
  async get(ref: string): Promise<string | undefined> {
    return (await this.fallback.get(ref)) ?? (await this.primary.get(ref));
  }
  set(ref: string, value: string): Promise<void> {
    return this.primary.set(ref, value);
  }
  delete(ref: string): Promise<boolean> {
    return this.primary.delete(ref);
  }
}
