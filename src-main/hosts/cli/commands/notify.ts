// `lifeboat notify …`: notification channels (email, Slack/Teams/Discord/generic webhooks,
// Healthchecks/Uptime Kuma pings), with "send test". Passwords and URLs go to the keychain.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import type { SavedChannel } from '../../../catalog/channels-repo';
import { checkAlerts } from '../../../jobs/check-alerts';
import { renderMessage } from '../../../notify/messages';
import { sendTest } from '../../../notify/send-test';
import { channelFromSaved } from '../../../notify/saved-channels';
import { saveSecret } from '../../../secrets/save-secret';
import { secretRefs } from '../../../secrets/secret-store';
import { runCommand } from '../context';
import { readPassphrase } from '../keys';
import { parseIntFlag } from './backup';

interface NotifyAddFlags {
  email?: boolean;
  smtpHost?: string;
  smtpPort?: string;
  security: string;
  smtpUser?: string;
  passwordEnv?: string;
  from?: string;
  to: string[];
  caFile?: string;
  webhook?: string;
  healthcheck?: string;
  urlEnv?: string;
  json?: boolean;
}

export function registerNotify(program: Command): void {
  const notify = program.command('notify').description('notification channels: email, webhooks (Slack, Teams, Discord), healthcheck pings');

  notify
    .command('add <name>')
    .description('save a channel and send it a test message')
    .option('--email', 'email over SMTP (TLS or STARTTLS)')
    .option('--smtp-host <host>').option('--smtp-port <port>', 'SMTP port', '587')
    .option('--security <tls|starttls>', 'tls (port 465) or starttls (587)', 'starttls')
    .option('--smtp-user <user>').option('--password-env <VAR>', 'SMTP password from this environment variable')
    .option('--from <address>').option('--to <address>', 'recipient (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--ca-file <pem>', "trust this certificate authority (an office mail server's own)")
    .option('--webhook <format>', 'generic, slack, teams or discord (URL from --url-env)')
    .option('--healthcheck <style>', 'healthchecks or uptime-kuma (ping URL from --url-env)')
    .option('--url-env <VAR>', 'the webhook or ping URL from this environment variable (it contains a token)')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: NotifyAddFlags) =>
      runCommand(
        flags,
        async (ctx) => {
          const kinds = [flags.email, flags.webhook, flags.healthcheck].filter(Boolean).length;
          if (kinds !== 1) throw new LifeboatError('BAD_INPUT', 'Give exactly one of --email, --webhook FORMAT or --healthcheck STYLE.', { fix: 'See lifeboat notify add --help.' });
          let saved: SavedChannel;
          let secret: string | undefined;
          if (flags.email) {
            if (!flags.smtpHost || !flags.from || flags.to.length === 0) throw new LifeboatError('BAD_INPUT', 'Email needs --smtp-host, --from and at least one --to.', { fix: 'For example: --smtp-host smtp.office.example --from backups@office.example --to admin@office.example' });
            saved = { name, kind: 'email', config: { host: flags.smtpHost, port: parseIntFlag(flags.smtpPort, '--smtp-port', 1, 65535), security: flags.security as 'tls' | 'starttls', user: flags.smtpUser, from: flags.from, to: flags.to, caFile: flags.caFile } };
            secret = flags.passwordEnv ? readPassphrase(flags.passwordEnv) : undefined;
          } else {
            if (!flags.urlEnv) throw new LifeboatError('BAD_INPUT', 'The URL must come from an environment variable (--url-env VAR): it contains a token.', { fix: 'export HOOK_URL=…; lifeboat notify add … --url-env HOOK_URL' });
            secret = readPassphrase(flags.urlEnv);
            saved = flags.webhook ? { name, kind: 'webhook', config: { format: flags.webhook as 'slack' } } : { name, kind: 'healthcheck', config: { style: flags.healthcheck as 'healthchecks' } };
          }
          const secrets = await ctx.secrets();
          const undo = secret ? await saveSecret(secrets, secretRefs.channelSecret(name), secret) : async () => undefined;
          try {
            await sendTest(await channelFromSaved(saved, secrets));
          } catch (error) {
            await undo();
            throw error;
          }
          ctx.channels.save(saved);
          return { channel: saved };
        },
        ({ channel }) => process.stdout.write(`Saved notification channel "${channel.name}" (${channel.kind}); a test message was sent.\n`),
      ),
    );

  notify
    .command('test <name>')
    .description('send a test message through a saved channel')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const saved = ctx.channels.get(name);
          if (!saved) throw new LifeboatError('BAD_INPUT', `There is no notification channel named "${name}".`, { fix: 'Run `lifeboat notify list`.' });
          await sendTest(await channelFromSaved(saved, await ctx.secrets()));
          return { sent: name };
        },
        ({ sent }) => process.stdout.write(`Sent a test message through "${sent}".\n`),
      ),
    );

  notify
    .command('list')
    .description('list notification channels (no secrets)')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => ({ channels: ctx.channels.list() }),
        ({ channels }) => {
          if (channels.length === 0) process.stdout.write('No notification channels yet. Add one with `lifeboat notify add`.\n');
          for (const c of channels) process.stdout.write(`${c.name.padEnd(16)} ${c.kind}\n`);
        },
      ),
    );

  notify
    .command('remove <name>')
    .description('delete a notification channel')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          if (!ctx.channels.remove(name)) throw new LifeboatError('BAD_INPUT', `There is no notification channel named "${name}".`, { fix: 'Run `lifeboat notify list`.' });
          await (await ctx.secrets()).delete(secretRefs.channelSecret(name)).catch(() => false);
          return { removed: name };
        },
        ({ removed }) => process.stdout.write(`Removed notification channel "${removed}".\n`),
      ),
    );
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check backup health (freshness, size anomalies, damaged copies, low space) and send new alerts')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const result = await checkAlerts({ backups: ctx.backups, jobs: ctx.jobs, channels: ctx.channels, settings: ctx.settings, secrets: await ctx.secrets(), destination: (name) => ctx.registry.fromSpec(name), log: ctx.log });
          if (result.active.length > 0) process.exitCode = 1;
          return result;
        },
        ({ active, raised }) => {
          if (active.length === 0) process.stdout.write('All backups are healthy.\n');
          for (const alert of active) {
            const message = renderMessage(alert);
            process.stdout.write(`${raised.includes(alert) ? 'NEW ' : '    '}${message.title}. ${message.text}\n`);
          }
        },
      ),
    );
}
