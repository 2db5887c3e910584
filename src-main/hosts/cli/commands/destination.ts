// `lifeboat destination …`: saved destinations (a NAS folder, Backblaze B2 or any S3 store)
// usable by name in --to. The S3 secret key goes to the keychain, never the catalog.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import type { NamedDestination } from '../../../catalog/destinations-repo';
import { saveSecret } from '../../../secrets/save-secret';
import { secretRefs } from '../../../secrets/secret-store';
import { parseS3Url } from '../../../storage/s3-config';
import { testDestination } from '../../../storage/test-destination';
import { runCommand } from '../context';
import { readPassphrase } from '../keys';
import { parseIntFlag } from './backup';

interface AddFlags {
  folder?: string;
  mountWait: string;
  s3?: string;
  secretEnv?: string;
  objectLockMode?: string;
  objectLockDays?: string;
  bandwidthLimitKbps?: string;
  json?: boolean;
}

export function registerDestination(program: Command): void {
  const destination = program.command('destination').description('saved destinations: NAS folders and S3-compatible stores (Backblaze B2, AWS, MinIO, Wasabi)');

  destination
    .command('add <name>')
    .description('save a destination under a name (tests it first)')
    .option('--folder <path>', 'a local or NAS folder (must exist)')
    .option('--mount-wait <seconds>', 'after wake, wait this long for the NAS share to appear', '120')
    .option('--s3 <url>', 's3://bucket/prefix?endpoint=https://s3.REGION.backblazeb2.com (key ID from AWS_ACCESS_KEY_ID)')
    .option('--secret-env <VAR>', 'the S3 secret key from this environment variable (default AWS_SECRET_ACCESS_KEY)')
    .option('--object-lock-mode <mode>', 'GOVERNANCE or COMPLIANCE: copies cannot be deleted or changed for --object-lock-days')
    .option('--object-lock-days <n>', 'Object Lock retention in days')
    .option('--bandwidth-limit-kbps <n>', 'upload at most this many kilobytes per second')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: AddFlags) =>
      runCommand(
        flags,
        async (ctx) => {
          if (Boolean(flags.folder) === Boolean(flags.s3)) throw new LifeboatError('BAD_INPUT', 'Give exactly one of --folder PATH or --s3 s3://bucket/prefix.', { fix: 'See lifeboat destination add --help.' });
          let named: NamedDestination;
          let secret: string | undefined;
          if (flags.folder) {
            named = { name, kind: 'folder', config: { path: flags.folder, mountWaitSeconds: parseIntFlag(flags.mountWait, '--mount-wait', 0, 3600) } };
          } else {
            secret = readPassphrase(flags.secretEnv ?? 'AWS_SECRET_ACCESS_KEY');
            const parsed = parseS3Url(flags.s3!, { ...process.env, AWS_SECRET_ACCESS_KEY: secret });
            const objectLock = flags.objectLockMode || flags.objectLockDays ? objectLockFrom(flags) : undefined;
            const bandwidth = flags.bandwidthLimitKbps ? parseIntFlag(flags.bandwidthLimitKbps, '--bandwidth-limit-kbps', 8, 10_000_000) * 1024 : undefined;
            const { secretAccessKey: _secret, ...config } = parsed;
            named = { name, kind: 's3', config: { ...config, objectLock, bandwidthLimitBytesPerSecond: bandwidth } };
          }
          const undo = secret ? await saveSecret(await ctx.secrets(), secretRefs.destinationSecret(name), secret) : async () => undefined;
          const test = await testDestination(await ctx.registry.fromNamed(named)).catch(async (error: unknown) => {
            await undo();
            throw error;
          });
          const existed = ctx.destinations.get(name) !== undefined;
          ctx.destinations.save(named);
          ctx.audit.append({ event: existed ? 'destination_edited' : 'destination_created', status: 'info', details: `Destination "${name}" (${named.kind}) saved and tested`, destination: name });
          return { destination: named, test: test.steps };
        },
        ({ destination: d, test }) => process.stdout.write(`Saved destination "${d.name}" (${d.kind}).\n${test.map((s) => `  ✓ ${s}`).join('\n')}\n`),
      ),
    );

  destination
    .command('list')
    .description('list saved destinations (no secrets)')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => ({ destinations: ctx.destinations.list() }),
        ({ destinations }) => {
          if (destinations.length === 0) process.stdout.write('No saved destinations. Add one with `lifeboat destination add`.\n');
          for (const d of destinations) process.stdout.write(`${d.name.padEnd(16)} ${d.kind.padEnd(7)} ${d.kind === 'folder' ? d.config.path : `${d.config.endpoint ?? 'AWS'} bucket ${d.config.bucket}${d.config.prefix ? `/${d.config.prefix}` : ''}`}\n`);
        },
      ),
    );

  destination
    .command('test <dest>')
    .description('"Test connection": write, read back and delete a probe file')
    .option('--json', 'print one JSON object')
    .action((spec: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => ({ steps: (await testDestination(await ctx.registry.fromSpec(spec))).steps }),
        ({ steps }) => process.stdout.write(steps.map((s) => `✓ ${s}`).join('\n') + '\n'),
      ),
    );

  destination
    .command('remove <name>')
    .description('forget a saved destination (its backups stay where they are)')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const users = ctx.jobs.list().filter((j) => j.config.destinations.includes(name)).map((j) => j.config.name);
          if (users.length > 0) throw new LifeboatError('BAD_INPUT', `Destination "${name}" is used by job(s) ${users.join(', ')}.`, { fix: 'Remove it from those jobs first.' });
          if (!ctx.destinations.remove(name)) throw new LifeboatError('BAD_INPUT', `There is no saved destination named "${name}".`, { fix: 'Run `lifeboat destination list`.' });
          await (await ctx.secrets()).delete(secretRefs.destinationSecret(name)).catch(() => false);
          ctx.audit.append({ event: 'destination_deleted', status: 'warning', details: `Destination "${name}" removed; its backups were left in place`, destination: name });
          return { removed: name };
        },
        ({ removed }) => process.stdout.write(`Removed destination "${removed}". Its backups were left where they are.\n`),
      ),
    );
}

function objectLockFrom(flags: AddFlags): { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number } {
  const mode = (flags.objectLockMode ?? '').toUpperCase();
  if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') throw new LifeboatError('BAD_INPUT', '--object-lock-mode must be GOVERNANCE or COMPLIANCE.', { fix: 'COMPLIANCE cannot be shortened even by the account owner; GOVERNANCE can, with a special permission.' });
  return { mode, days: parseIntFlag(flags.objectLockDays, '--object-lock-days', 1, 36_500) };
}
