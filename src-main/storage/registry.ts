// Turns what the user typed (--to DIR, --to NAME, --to s3://…) and what the catalog stored
// (destination ids) into Destinations, fetching secrets from the secret store when needed.
import { LifeboatError } from '../../src-shared/errors';
import type { DestinationsRepo, NamedDestination } from '../catalog/destinations-repo';
import type { SecretStore } from '../secrets/secret-store';
import type { Destination } from './destination';
import { FolderDestination } from './folder-destination';

export interface RegistryDeps {
  destinations: DestinationsRepo | undefined;
  secrets: () => Promise<SecretStore>;
  env?: NodeJS.ProcessEnv;
}

export class DestinationRegistry {
  constructor(private readonly deps: RegistryDeps) {}

  /** --to: a named destination, an s3:// URL, or a folder path. */
  async fromSpec(spec: string): Promise<Destination> {
    const named = this.deps.destinations?.get(spec);
    if (named) return this.fromNamed(named);
    if (/^s3:\/\//i.test(spec)) return this.fromS3Url(spec);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
      throw new LifeboatError('BAD_INPUT', `"${spec}" is not a destination Lifeboat knows.`, { fix: 'Use a folder path, s3://bucket/prefix, or the name of a saved destination (lifeboat destination list).' });
    }
    if (!spec.includes('/') && !spec.includes('\\') && !spec.startsWith('.')) {
      throw new LifeboatError('BAD_INPUT', `There is no saved destination named "${spec}".`, {
        fix: 'Add it with `lifeboat destination add`, or give a folder path (./name for a folder here).',
      });
    }
    return new FolderDestination(spec);
  }

  /** A destination id from the catalog (folder:/path, s3:host/bucket/prefix). */
  async fromId(id: string): Promise<Destination> {
    for (const named of this.deps.destinations?.list() ?? []) {
      if (this.idOfNamed(named) === id) return this.fromNamed(named);
    }
    if (id.startsWith('folder:')) return new FolderDestination(id.slice('folder:'.length));
    if (id.startsWith('s3:')) return this.fromS3Id(id);
    throw new LifeboatError('BAD_INPUT', `Unknown destination "${id}".`, { fix: 'This catalog may come from a newer Lifeboat; update it.' });
  }

  async fromNamed(named: NamedDestination): Promise<Destination> {
    if (named.kind === 'folder') return new FolderDestination(named.config.path, { mountWaitMs: named.config.mountWaitSeconds * 1000 });
    return this.namedS3(named);
  }

  private idOfNamed(named: NamedDestination): string {
    return named.kind === 'folder' ? new FolderDestination(named.config.path).id : this.s3IdOfNamed(named);
  }

  // S3 support is wired in by s3-registry.ts (kept apart so folders work without the AWS SDK loaded).
  protected async fromS3Url(_url: string): Promise<Destination> {
    throw new LifeboatError('BAD_INPUT', 'S3 destinations are not available in this build.');
  }
  protected async fromS3Id(_id: string): Promise<Destination> {
    throw new LifeboatError('BAD_INPUT', 'S3 destinations are not available in this build.');
  }
  protected async namedS3(_named: NamedDestination): Promise<Destination> {
    throw new LifeboatError('BAD_INPUT', 'S3 destinations are not available in this build.');
  }
  protected s3IdOfNamed(_named: NamedDestination): string {
    return '';
  }
}
