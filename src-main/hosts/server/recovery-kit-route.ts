// GET /recovery-kit/<kitId>: the printable recovery kit of a key generated in this session,
// shown once (then 404). Its page has no script; its one style sheet is allowed by hash.
import type { ServerResponse } from 'node:http';
import type { LifeboatService } from '../../service/service-types';
import { RECOVERY_KIT_STYLE_HASH } from '../../service/recovery-kit';
import { contentSecurityPolicyWithStyles } from '../csp';
import { send, sendPage, setSecurityHeaders } from './responses';

export const KIT_PATH = '/recovery-kit/';

export function recoveryKitPath(kitId: string): string {
  return `${KIT_PATH}${encodeURIComponent(kitId)}`;
}

export function handleRecoveryKit(service: Pick<LifeboatService, 'takeRecoveryKit'>, res: ServerResponse, pathname: string): void {
  let kitId: string;
  try {
    kitId = decodeURIComponent(pathname.slice(KIT_PATH.length));
  } catch {
    kitId = '';
  }
  const html = kitId ? service.takeRecoveryKit(kitId) : undefined;
  if (html === undefined) {
    sendPage(res, 404, 'This recovery kit was already shown', [
      'For safety a recovery kit is shown only once (and only for half an hour after the key was made).',
      'If you did not save or print it, generate a new key and use that one instead.',
    ]);
    return;
  }
  setSecurityHeaders(res, contentSecurityPolicyWithStyles([RECOVERY_KIT_STYLE_HASH]));
  send(res, 200, 'text/html; charset=utf-8', html);
}
