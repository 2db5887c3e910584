// Saved destinations: NAS folders and S3-compatible stores. Saving tests the destination first
// (write, read back, delete a probe); the S3 secret key goes to the secret store, never the catalog.
import type { ApiParsedRequest } from '../../../src-shared/api';
import type { NamedDestination } from '../../catalog/destinations-repo';
import { saveSecret } from '../../secrets/save-secret';
import { secretRefs } from '../../secrets/secret-store';
import { parseS3Url } from '../../storage/s3-config';
import { testDestination } from '../../storage/test-destination';
import { destinationView } from '../destination-views';
import { aboutField, badField, type HandlerTable } from './types';

type DestinationInput = ApiParsedRequest<'destinations.save'>;

/** The S3 part is checked by the same parser as `--s3 s3://…` (bucket name rules, endpoint, region). */
function s3Named(input: Extract<DestinationInput, { kind: 's3' }>): NamedDestination {
  const params = new URLSearchParams();
  if (input.endpoint) params.set('endpoint', input.endpoint);
  if (input.region) params.set('region', input.region);
  const prefix = input.prefix.split('/').map(encodeURIComponent).join('/');
  const url = `s3://${encodeURIComponent(input.bucket)}/${prefix}${params.size > 0 ? `?${params}` : ''}`;
  const { secretAccessKey: _secret, ...config } = parseS3Url(url, { AWS_ACCESS_KEY_ID: input.accessKeyId, AWS_SECRET_ACCESS_KEY: input.secretAccessKey });
  return { name: input.name, kind: 's3', config: { ...config, objectLock: input.objectLock, bandwidthLimitBytesPerSecond: input.bandwidthLimitBytesPerSecond } };
}

/** A test does not wait for a NAS share to mount: someone is looking at the form now. */
function withoutMountWait(named: NamedDestination): NamedDestination {
  return named.kind === 'folder' ? { ...named, config: { ...named.config, mountWaitSeconds: 0 } } : named;
}

export const destinationHandlers: HandlerTable<'destinations.list' | 'destinations.save' | 'destinations.test' | 'destinations.remove'> = {
  'destinations.list': (ctx) => ({ destinations: ctx.core.destinations.list().map(destinationView) }),

  'destinations.save': async (ctx, input) => {
    const { core } = ctx;
    const named: NamedDestination =
      input.kind === 'folder' ? { name: input.name, kind: 'folder', config: { path: input.path, mountWaitSeconds: input.mountWaitSeconds } } : await aboutField('bucket', () => s3Named(input));
    const secrets = await core.secrets();
    const undo = input.kind === 's3' ? await saveSecret(secrets, secretRefs.destinationSecret(input.name), input.secretAccessKey) : async () => undefined;
    let steps: string[];
    try {
      steps = (await testDestination(await core.registry.fromNamed(withoutMountWait(named)))).steps;
    } catch (error) {
      await undo();
      throw error;
    }
    const existed = core.destinations.get(input.name) !== undefined;
    core.destinations.save(named);
    core.audit.append({ event: existed ? 'destination_edited' : 'destination_created', status: 'info', details: `Destination "${input.name}" (${named.kind}) saved and tested`, destination: input.name });
    ctx.changed('destinations');
    return { destination: destinationView(core.destinations.get(input.name)!), steps };
  },

  'destinations.test': async (ctx, { name }) => {
    const named = ctx.core.destinations.get(name);
    if (!named) throw badField('name', `There is no saved destination named "${name}".`, 'Save it first.');
    return { steps: (await testDestination(await ctx.core.registry.fromNamed(withoutMountWait(named)))).steps };
  },

  'destinations.remove': async (ctx, { name }) => {
    const { core } = ctx;
    const users = core.jobs.list().filter((j) => j.config.destinations.includes(name)).map((j) => j.config.name);
    if (users.length > 0) throw badField('name', `Destination "${name}" is used by job${users.length > 1 ? 's' : ''} ${users.join(', ')}.`, 'Remove it from those jobs first.');
    if (!core.destinations.remove(name)) throw badField('name', `There is no saved destination named "${name}".`, 'It may have been removed already; reload the list.');
    await (await core.secrets()).delete(secretRefs.destinationSecret(name)).catch(() => false);
    core.audit.append({ event: 'destination_deleted', status: 'warning', details: `Destination "${name}" removed; its backups were left in place`, destination: name });
    ctx.changed('destinations');
    return { removed: name };
  },
};
