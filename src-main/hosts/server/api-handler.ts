// POST /api/<method>: a JSON body of at most 1 MB, checked against the method's schema (400
// with a message naming the field when it does not fit), then the service's {result}|{error}
// envelope with 200.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiMethod } from '../../../src-shared/api';
import type { LifeboatService } from '../../service/service-types';
import { checkRequest, isApiMethod } from '../../service/validate';
import { sendError, sendJson } from './responses';

export const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function handleApiCall(service: Pick<LifeboatService, 'call'>, req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
  if (!isApiMethod(method)) {
    sendError(res, 404, 'BAD_INPUT', `method: "${method.slice(0, 80)}" is not a Lifeboat API method.`, 'This page and the server may be different versions; reload the page.');
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    sendError(res, 415, 'BAD_INPUT', 'API requests must be JSON (Content-Type: application/json).', 'Send the request body as JSON.');
    return;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    res.setHeader('Connection', 'close');
    sendError(res, 413, 'BAD_INPUT', `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`, 'Send less data.');
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    res.setHeader('Connection', 'close');
    if (error instanceof BodyTooLarge) sendError(res, 413, 'BAD_INPUT', `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`, 'Send less data.');
    else res.destroy();
    return;
  }
  let request: unknown;
  try {
    request = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    sendError(res, 400, 'BAD_INPUT', 'request: the body is not valid JSON.', 'Send the request as a JSON object.');
    return;
  }
  const checked = checkRequest(method as ApiMethod, request);
  if (!checked.ok) {
    sendJson(res, 400, { error: checked.error });
    return;
  }
  const envelope = await service.call(method as ApiMethod, request);
  sendJson(res, 200, envelope);
}
