// `lifeboat settings` (the Prometheus file) and `lifeboat pause` / `lifeboat resume` (all
// schedules, for an hour or until resumed: the tray menu's "Pause all schedules").
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { PAUSED_UNTIL_KEY } from '../../../jobs/scheduler';
import { runCommand } from '../context';

const KNOWN: Record<string, string> = {
  'metrics.file': 'write Prometheus metrics to this .prom file after every run (node_exporter textfile collector)',
};

export function registerSettings(program: Command): void {
  const settings = program.command('settings').description('app settings');
  settings
    .command('set <key> <value>')
    .description(`set a setting: ${Object.keys(KNOWN).join(', ')}`)
    .action((key: string, value: string) =>
      runCommand(
        {},
        async (ctx) => {
          if (!(key in KNOWN)) throw new LifeboatError('BAD_INPUT', `"${key}" is not a setting.`, { fix: `Known settings: ${Object.entries(KNOWN).map(([k, v]) => `${k} (${v})`).join('; ')}.` });
          if (key === 'metrics.file' && !value.endsWith('.prom')) throw new LifeboatError('BAD_INPUT', 'The metrics file must end in .prom (node_exporter reads only those).', { fix: 'For example /var/lib/node_exporter/textfile/lifeboat.prom' });
          ctx.settings.set(key, value);
          if (key === 'metrics.file') await ctx.writeMetrics();
          return { key, value };
        },
        ({ key: k, value: v }) => process.stdout.write(`${k} = ${v}\n`),
      ),
    );
  settings
    .command('unset <key>')
    .description('remove a setting')
    .action((key: string) => runCommand({}, async (ctx) => (ctx.settings.delete(key), { key }), ({ key: k }) => process.stdout.write(`${k} removed\n`)));

  program
    .command('pause')
    .description('pause every schedule (runs due meanwhile are caught up on resume if the job allows)')
    .option('--for <duration>', 'e.g. 1h, 30m; default: until `lifeboat resume`')
    .action((flags: { for?: string }) =>
      runCommand(
        {},
        async (ctx) => {
          const until = flags.for ? new Date(Date.now() + parseDuration(flags.for)) : new Date('9999-12-31T00:00:00Z');
          ctx.settings.set(PAUSED_UNTIL_KEY, until.toISOString());
          return { until: flags.for ? until.toISOString() : null };
        },
        ({ until }) => process.stdout.write(until ? `Schedules paused until ${until}.\n` : 'Schedules paused until `lifeboat resume`.\n'),
      ),
    );
  program
    .command('resume')
    .description('resume every schedule')
    .action(() => runCommand({}, async (ctx) => (ctx.settings.delete(PAUSED_UNTIL_KEY), {}), () => process.stdout.write('Schedules resumed.\n')));
}

function parseDuration(text: string): number {
  const match = /^(\d+)\s*(m|min|h|d)$/i.exec(text.trim());
  if (!match) throw new LifeboatError('BAD_INPUT', `"${text}" is not a duration.`, { fix: 'Use minutes, hours or days, e.g. 30m, 1h, 2d.' });
  const unit = match[2]!.toLowerCase();
  return Number(match[1]) * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
}
