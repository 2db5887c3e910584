// Every request of `lifeboat serve`, in order: security headers; Host and Origin checks; the
// token (a ?token= visit becomes a cookie and a redirect that drops the token from the URL);
// then the API, the event stream, the recovery kit or the UI's files.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log';
import type { LifeboatService } from '../../service/service-types';
import { handleApiCall } from './api-handler';
import { isAuthenticated, sessionCookie, tokenMatches } from './auth';
import { handleRecoveryKit, KIT_PATH } from './recovery-kit-route';
import { guardRequest } from './request-guard';
import { send, sendError, sendPage, setSecurityHeaders } from './responses';
import type { EventStreams } from './sse';
import type { StaticFiles } from './static-files';

export interface RouterDeps {
  service: LifeboatService;
  token: string;
  /** Host header values this server answers to (known once it listens). */
  hosts: () => ReadonlySet<string>;
  streams: EventStreams;
  files: StaticFiles;
  log: Logger;
}

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(deps, req, res).catch((error: unknown) => {
      deps.log.error('request failed', { url: (req.url ?? '').split('?')[0], error: (error as Error).message });
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'The server failed to answer this request.', 'Look at the log of lifeboat serve.');
      else res.destroy();
    });
  };
}

async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  setSecurityHeaders(res);
  const guard = guardRequest(req, deps.hosts());
  if (!guard.ok) {
    send(res, guard.status, 'text/plain; charset=utf-8', `${guard.message}\n`);
    return;
  }
  const url = new URL(req.url ?? '/', `http://${guard.host}`);
  const method = req.method ?? 'GET';
  const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');

  // First visit from the printed address: keep the token in a cookie, then drop it from the URL.
  const given = url.searchParams.get('token');
  if (given !== null && (method === 'GET' || method === 'HEAD') && !isApi) {
    if (!tokenMatches(deps.token, given)) return unauthorized(res, false);
    url.searchParams.delete('token');
    res.setHeader('Set-Cookie', sessionCookie(deps.token));
    send(res, 303, 'text/plain; charset=utf-8', 'Signed in.\n', { Location: `${url.pathname}${url.search}` });
    return;
  }
  if (!isAuthenticated(req, deps.token)) return unauthorized(res, isApi);

  if (url.pathname === '/api/events') {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    deps.streams.handle(req, res);
    return;
  }
  if (isApi) {
    if (method !== 'POST') return methodNotAllowed(res, 'POST');
    await handleApiCall(deps.service, req, res, safeDecode(url.pathname.slice('/api/'.length)));
    return;
  }
  if (url.pathname.startsWith(KIT_PATH)) {
    if (method !== 'GET') return methodNotAllowed(res, 'GET');
    handleRecoveryKit(deps.service, res, url.pathname);
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
  deps.files.handle(req, res, url.pathname);
}

function unauthorized(res: ServerResponse, api: boolean): void {
  const message = 'This Lifeboat server needs its access token.';
  const fix = 'Open the address lifeboat serve printed when it started (it ends in ?token=…), or send Authorization: Bearer TOKEN.';
  if (api) sendError(res, 401, 'BAD_INPUT', message, fix);
  else sendPage(res, 401, 'Sign-in needed', [message, fix]);
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendError(res, 405, 'BAD_INPUT', `This address accepts ${allow} only.`, 'API calls are POST /api/<method> with a JSON body.');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
