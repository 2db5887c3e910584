// A new key pair for a job: the secret identity goes straight to the secret store and into a
// printable recovery kit the host shows once; the UI only ever sees the public recipient.
import { LifeboatError } from '../../../src-shared/errors';
import { generateIdentity } from '../../crypto';
import { secretRefs } from '../../secrets/secret-store';
import { destinationView } from '../destination-views';
import { renderRecoveryKit } from '../recovery-kit';
import { addToList, SETTING_KEYS } from '../settings-store';
import { badField, type HandlerTable } from './types';

export const keyHandlers: HandlerTable<'keys.generate' | 'recoveryKit.confirmSaved'> = {
  'keys.generate': async (ctx, { label }) => {
    const { core } = ctx;
    const store = await core.secrets();
    if (!store.writable) {
      throw new LifeboatError('SECRET_STORE_FAILED', `Lifeboat cannot keep a new secret key on this computer: ${store.description} can only be read.`, {
        fix: 'Run Lifeboat in a desktop session with a keychain. On a server, create the key with `lifeboat keygen --out key.txt`, keep a copy safe, and give it to the job with `lifeboat job add … --identity key.txt`.',
      });
    }
    const { identity, recipient } = generateIdentity();
    await store.set(secretRefs.identity(recipient), identity);
    addToList(core, SETTING_KEYS.kitsGenerated, recipient);
    core.audit.append({ event: 'key_created', status: 'info', details: `Key pair created${label ? ` ("${label}")` : ''}; public key ${recipient}; secret key kept in ${store.description}` });
    const html = renderRecoveryKit({
      identity,
      recipient,
      label,
      createdAt: ctx.now(),
      destinations: core.destinations.list().map((d) => {
        const view = destinationView(d);
        return { name: view.name, kind: view.kind, where: view.where };
      }),
      dataDir: core.dataDir,
    });
    const kitId = ctx.kits.add(html);
    ctx.changed('settings');
    return { recipient, recoveryKitUrl: ctx.hooks.recoveryKitUrl?.(kitId) ?? `/recovery-kit/${encodeURIComponent(kitId)}` };
  },

  'recoveryKit.confirmSaved': async (ctx, { recipient }) => {
    const { core } = ctx;
    const generated = core.settings.get<string[]>(SETTING_KEYS.kitsGenerated) ?? [];
    const known = generated.includes(recipient) || (await (await core.secrets()).get(secretRefs.identity(recipient))) !== undefined;
    if (!known) throw badField('recipient', `No key with the public key ${recipient} was made or kept here.`, 'Generate a key pair first.');
    addToList(core, SETTING_KEYS.kitsSaved, recipient);
    ctx.changed('settings');
    return { saved: true };
  },
};
