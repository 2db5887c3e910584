// Resolves catalog destination ids the way the CLI does (folders; s3 from AWS_* variables).
import { openSecretStore } from '../../src-main/secrets/open-secret-store';
import { DestinationRegistry } from '../../src-main/storage/registry';
import type { Destination } from '../../src-main/storage/destination';

export function resolveDestination(env: NodeJS.ProcessEnv = process.env): (id: string) => Promise<Destination> {
  const registry = new DestinationRegistry({ destinations: undefined, secrets: () => openSecretStore({ ...env, LIFEBOAT_SECRETS: 'env' }), env });
  return (id) => registry.fromId(id);
}
