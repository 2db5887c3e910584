// Turns what the user typed (--to DIR, --to NAME, --to s3://…) and what the catalog stored
// (destination ids) into Destinations, fetching secrets from the secret store when needed.
import { LifeboatError } from '../../src-shared/errors';
import type { DestinationsRepo, NamedDestination } from '../catalog/destinations-repo';
import type { SecretStore } from '../secrets/secret-store';
import type { Destination } from './destination';
import { envNameFor } from '../secrets/env-file-store';
import { secretRefs } from '../secrets/secret-store';
import { FolderDestination } from './folder-destination';
import { isLocalHost, parseS3Url, s3DestinationId, type S3DestinationConfig } from './s3-config';

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

  private get env(): NodeJS.ProcessEnv {
    return this.deps.env ?? process.env;
  }

  private idOfNamed(named: NamedDestination): string {
    return named.kind === 'folder' ? new FolderDestination(named.config.path).id : this.s3IdOfNamed(named);
  }

  private async fromS3Url(url: string): Promise<Destination> {
    return s3Destination(parseS3Url(url, this.env));
  }

  /**
   * An ad-hoc S3 copy recorded in the catalog (s3:host/bucket/prefix): rebuilt with the
   * standard AWS environment variables, as on the machine that made it or a new one after a
   * catalog rebuild.
   */
  private async fromS3Id(id: string): Promise<Destination> {
    const match = /^s3:([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(id);
    if (!match) throw new LifeboatError('BAD_INPUT', `"${id}" is not a valid S3 destination id.`);
    const [, host, bucket, prefix] = match;
    const params = new URLSearchParams();
    if (host !== 'aws') {
      const fromEnv = this.env.AWS_ENDPOINT_URL_S3 ?? this.env.AWS_ENDPOINT_URL;
      const sameHost = fromEnv && new URL(fromEnv).host.toLowerCase() === host ? fromEnv : undefined;
      params.set('endpoint', sameHost ?? `${isLocalHost(host!.replace(/:\d+$/, '')) ? 'http' : 'https'}://${host}`);
    }
    const query = params.toString();
    return s3Destination(parseS3Url(`s3://${bucket}/${prefix ?? ''}${query ? `?${query}` : ''}`, this.env));
  }

  private async namedS3(named: Extract<NamedDestination, { kind: 's3' }>): Promise<Destination> {
    const store = await this.deps.secrets();
    const secretAccessKey = await store.get(secretRefs.destinationSecret(named.name));
    if (!secretAccessKey) {
      throw new LifeboatError('DEST_AUTH_FAILED', `The secret key of destination "${named.name}" is not in ${store.description}.`, {
        fix: `Save it again with \`lifeboat destination add ${named.name} …\`, or set ${envNameFor(secretRefs.destinationSecret(named.name))}.`,
      });
    }
    return s3Destination({ ...named.config, prefix: named.config.prefix, secretAccessKey });
  }

  private s3IdOfNamed(named: Extract<NamedDestination, { kind: 's3' }>): string {
    return s3DestinationId(named.config);
  }
}

/** The AWS SDK is loaded only when an S3 destination is used: folder-only backups start faster and smaller. */
async function s3Destination(config: S3DestinationConfig): Promise<Destination> {
  const { S3Destination } = await import('./s3-destination');
  return new S3Destination(config);
}
