// Jobs: preview a schedule, list, save (create or edit, secrets to the secret store), test, run
// now, pause and delete — the same core calls as `lifeboat job …`.
import type { ApiParsedRequest } from '../../../src-shared/api';
import { LifeboatError } from '../../../src-shared/errors';
import type { JobConfig } from '../../../src-shared/job';
import { testJob } from '../../jobs/test-job';
import { deleteCopy } from '../../retention/prune';
import { describeSchedule, validateSchedule, type Schedule } from '../../schedule/presets';
import { saveSecret } from '../../secrets/save-secret';
import { secretRefs } from '../../secrets/secret-store';
import type { ServiceContext } from '../context';
import { jobView, previewSchedule } from '../job-views';
import { aboutField, badField, type HandlerTable } from './types';

async function saveJob(ctx: ServiceContext, request: ApiParsedRequest<'jobs.save'>) {
  const { core } = ctx;
  const input = request.config;
  const name = input.name;
  const schedule = await aboutField('config.schedule', () => validateSchedule(input.schedule as Schedule));
  const config: JobConfig = { ...input, schedule: { ...input.schedule, spec: schedule.spec as JobConfig['schedule']['spec'], timeZone: schedule.timeZone } };

  const existing = core.jobs.get(name);
  if (request.create && existing) throw badField('config.name', `A job named "${name}" already exists.`, 'Choose another name, or edit the existing job.');
  if (!request.create && !existing) throw badField('config.name', `There is no job named "${name}" to change.`, 'It may have been deleted; reload the list of jobs.');

  // Destinations: saved names (or, for jobs made with the CLI, folder paths).
  for (const dest of config.destinations) await aboutField('config.destinations', () => core.registry.fromSpec(dest));
  for (const n of config.notifications) {
    if (!core.channels.get(n.channel)) throw badField('config.notifications', `There is no notification channel named "${n.channel}".`, 'Add it first under Notifications, or remove it from this job.');
  }

  const secrets = await core.secrets();
  if (config.encryption.kind === 'x25519') {
    for (const recipient of config.encryption.recipients) {
      if ((await secrets.get(secretRefs.identity(recipient))) === undefined) {
        throw badField('config.encryption.recipients', `The secret key of ${recipient} is not in ${secrets.description}, so Lifeboat could not restore these backups by itself.`, 'Generate the key pair here (it is kept in the keychain and you get a recovery kit), or choose "public key only" if another computer holds the secret key.');
      }
    }
  }
  if (config.encryption.kind === 'passphrase' && !request.passphrase && (await secrets.get(secretRefs.jobPassphrase(name))) === undefined) {
    throw badField('passphrase', 'A passphrase-encrypted job needs its passphrase.', 'Enter the passphrase; it is kept in the keychain, and every restore needs it.');
  }

  // Secrets first: a new job whose secrets could not be saved is not created. Edits keep their old secrets on failure.
  const undo: Array<() => Promise<void>> = [];
  try {
    if (request.password !== undefined) undo.push(await saveSecret(secrets, secretRefs.jobPassword(name), request.password));
    if (request.passphrase !== undefined && config.encryption.kind === 'passphrase') undo.push(await saveSecret(secrets, secretRefs.jobPassphrase(name), request.passphrase));
    if (request.create) core.jobs.create(config);
    else core.jobs.update(name, config);
  } catch (error) {
    if (request.create) for (const u of undo) await u();
    throw error;
  }
  const where = `${describeSchedule(schedule)}, to ${config.destinations.join(', ')}`;
  core.audit.append(
    request.create
      ? { event: 'job_created', status: 'info', details: `Job "${name}" created: ${where}`, job: name }
      : { event: 'job_edited', status: 'info', details: `Job "${name}" changed: ${where}${request.passphrase !== undefined ? '; new passphrase (older backups still need the old one)' : ''}`, job: name },
  );
  ctx.changed('jobs');
  return { job: jobView(core.jobs.require(name), ctx.now()) };
}

async function deleteJob(ctx: ServiceContext, { name, backups }: ApiParsedRequest<'jobs.delete'>) {
  const { core } = ctx;
  core.jobs.require(name);
  if (ctx.runtime.queue.snapshot.running.includes(name)) throw badField('name', `Job "${name}" is running right now.`, 'Cancel the run or wait for it to finish, then delete the job.');
  ctx.runtime.queue.cancel(name); // a queued run or a pending retry
  let deleted = 0;
  if (backups === 'delete') {
    const deps = { db: core.catalogDb, repo: core.backups, resolve: (id: string) => core.registry.fromId(id) };
    for (const backup of ctx.history.byIds(ctx.history.idsOfJob(name))) {
      if (backup.status === 'running') continue;
      for (const copy of backup.copies) {
        await deleteCopy(deps, backup.id, copy.destinationId);
        deleted++;
      }
    }
  }
  core.jobs.remove(name);
  core.audit.append({ event: 'job_deleted', status: 'warning', details: `Job "${name}" deleted; ${backups === 'delete' ? `${deleted} backup copies deleted` : 'its backups were kept'}`, job: name });
  const secrets = await core.secrets();
  for (const ref of [secretRefs.jobPassword(name), secretRefs.jobPassphrase(name)]) await secrets.delete(ref).catch(() => false);
  ctx.changed('jobs');
  if (deleted > 0) ctx.changed('backups');
  return { removed: name, deletedCopies: deleted };
}

export const jobHandlers: HandlerTable<'schedule.preview' | 'jobs.list' | 'jobs.get' | 'jobs.save' | 'jobs.test' | 'jobs.runNow' | 'jobs.setPaused' | 'jobs.delete'> = {
  'schedule.preview': async (ctx, { schedule }) => aboutField('schedule', () => previewSchedule(schedule as Schedule, ctx.now())),

  'jobs.list': (ctx) => ({ jobs: ctx.core.jobs.list().map((j) => jobView(j, ctx.now())) }),

  'jobs.get': (ctx, { name }) => ({ job: jobView(requireJob(ctx, name), ctx.now()) }),

  'jobs.save': saveJob,

  'jobs.test': async (ctx, { name }) => {
    const job = requireJob(ctx, name);
    return { checks: await testJob(job.config, await ctx.core.secrets(), (dest) => ctx.core.registry.fromSpec(dest)) };
  },

  'jobs.runNow': (ctx, { name }) => {
    requireJob(ctx, name);
    return { queued: ctx.runtime.queue.enqueue({ job: name, priority: 'manual', reason: 'run now' }) };
  },

  'jobs.setPaused': (ctx, { name, paused }) => {
    requireJob(ctx, name);
    ctx.core.jobs.setPaused(name, paused);
    ctx.core.audit.append({ event: 'job_edited', status: 'info', details: `Job "${name}" ${paused ? 'paused' : 'resumed'}`, job: name });
    ctx.changed('jobs');
    return { name, paused };
  },

  'jobs.delete': deleteJob,
};

function requireJob(ctx: ServiceContext, name: string) {
  const job = ctx.core.jobs.get(name);
  if (!job) throw new LifeboatError('BAD_INPUT', `There is no job named "${name}".`, { fix: 'It may have been deleted; reload the list of jobs.', details: { field: 'name' } });
  return job;
}
