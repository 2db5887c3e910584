// A secret store that lives in memory only: for tests and throwaway demos, where the OS
// keychain is not available or must not be touched. Nothing it holds survives the process.
import type { SecretStore } from '../secrets/secret-store';

export class MemorySecretStore implements SecretStore {
  readonly description = 'an in-memory secret store (test only)';
  readonly values = new Map<string, string>();

  constructor(readonly writable = true) {}

  async get(ref: string): Promise<string | undefined> {
    return this.values.get(ref);
  }

  async set(ref: string, value: string): Promise<void> {
    if (!this.writable) throw new Error(`read-only store: cannot save ${ref}`);
    this.values.set(ref, value);
  }

  async delete(ref: string): Promise<boolean> {
    return this.values.delete(ref);
  }
}
