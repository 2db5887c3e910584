// Builds live channels from saved ones, fetching their secrets from the secret store.
import { readFileSync } from 'node:fs';
import { LifeboatError } from '../../src-shared/errors';
import type { SavedChannel } from '../catalog/channels-repo';
import { envNameFor } from '../secrets/env-file-store';
import { secretRefs, type SecretStore } from '../secrets/secret-store';
import type { NotifyChannel } from './channel';
import { HealthcheckChannel } from './healthcheck-channel';
import { WebhookChannel } from './webhook-channel';

export async function channelFromSaved(saved: SavedChannel, secrets: SecretStore): Promise<NotifyChannel> {
  const secret = await secrets.get(secretRefs.channelSecret(saved.name));
  switch (saved.kind) {
    case 'email': {
      const { caFile, ...config } = saved.config;
      // nodemailer is loaded only when a job actually emails.
      const { EmailChannel } = await import('./email-channel');
      return new EmailChannel({ id: saved.name, config, password: secret, tls: caFile ? { ca: readCa(caFile) } : undefined });
    }
    case 'webhook':
      return new WebhookChannel({ id: saved.name, format: saved.config.format, url: required(secret, saved.name, secrets) });
    case 'healthcheck':
      return new HealthcheckChannel({ id: saved.name, style: saved.config.style, url: required(secret, saved.name, secrets) });
  }
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new LifeboatError('BAD_INPUT', `The certificate file ${file} cannot be read (${(error as NodeJS.ErrnoException).code}).`, { fix: 'Check the path given with --ca-file.' });
  }
}

function required(secret: string | undefined, name: string, secrets: SecretStore): string {
  if (secret) return secret;
  throw new LifeboatError('SECRET_STORE_FAILED', `The URL of notification channel "${name}" is not in ${secrets.description}.`, {
    fix: `Add the channel again (lifeboat notify add ${name} …), or set ${envNameFor(secretRefs.channelSecret(name))}.`,
  });
}
