// Saves a secret the user just gave. On a headless server the store is read-only: if the admin
// already put the same value in LIFEBOAT_SECRET_* or the secrets file, nothing needs saving.
import type { SecretStore } from './secret-store';

/** Returns an undo function, for when the step that needed the secret then fails. */
export async function saveSecret(store: SecretStore, ref: string, value: string): Promise<() => Promise<void>> {
  if ((await store.get(ref)) === value) return async () => undefined;
  await store.set(ref, value);
  return async () => void (await store.delete(ref).catch(() => false));
}
