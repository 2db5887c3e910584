// An HTTP proxy for tests that sits in front of a real server and misbehaves on request:
// 503 SlowDown + Retry-After, 500, any S3 error, a connection cut mid-body, a slow answer,
// a flipped byte, or a rewritten response header.
// It records every request it saw so tests can check what was retried and when.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Date.now() when the request arrived. */
  at: number;
  /** Date.now() when the answer was finished or the connection closed. */
  doneAt?: number;
  /** The fault applied, if any. */
  fault?: FaultAction['kind'];
}

export type FaultAction =
  /** Answer with an S3 XML error (after reading the request body, as S3 does). */
  | { kind: 'error'; status: number; code: string; message?: string; retryAfterSeconds?: number }
  /** Read this many bytes of the request body, then cut the connection. */
  | { kind: 'reset-request'; afterBytes: number }
  /** Forward, then cut the connection after this many bytes of the response body. */
  | { kind: 'reset-response'; afterBytes: number }
  /** Wait, then forward. */
  | { kind: 'delay'; ms: number }
  /** Forward with one byte of the request body flipped, like a bit error on the way. */
  | { kind: 'corrupt-request'; atByte: number }
  /** Forward, then replace a header of the answer. */
  | { kind: 'set-response-header'; name: string; value: string };

export interface FaultRule {
  match: (request: SeenRequest) => boolean;
  /** How many matching requests get the fault. */
  times: number;
  action: FaultAction;
}

export interface FaultProxy {
  endpoint: string;
  port: number;
  requests: SeenRequest[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

export const isUploadPart = (r: SeenRequest) => r.method === 'PUT' && r.query.has('partNumber') && r.query.has('uploadId');
export const isPutObject = (r: SeenRequest) => r.method === 'PUT' && !r.query.has('uploadId');
export const isGetObject = (r: SeenRequest) => r.method === 'GET' && r.path.split('/').filter(Boolean).length > 1 && !r.query.has('uploadId');
export const slowDown = (seconds = 1): FaultAction => ({ kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.', retryAfterSeconds: seconds });
/** Most requests of one kind that were being answered at the same moment. */
export function maxConcurrent(requests: SeenRequest[]): number {
  const events = requests.flatMap((r) => [
    { at: r.at, delta: 1 },
    { at: r.doneAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (current += e.delta));
  return max;
}
export const internalError = (): FaultAction => ({ kind: 'error', status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' });

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const requests: SeenRequest[] = [];
  let rules: FaultRule[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const seen: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, at: Date.now() };
    requests.push(seen);
    res.on('close', () => (seen.doneAt = Date.now()));
    const rule = rules.find((r) => r.times > 0 && r.match(seen));
    if (!rule) return forward(req, res);
    rule.times--;
    const action = rule.action;
    seen.fault = action.kind;
    switch (action.kind) {
      case 'error': {
        req.resume();
        req.on('end', () => {
          const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${action.code}</Code><Message>${action.message ?? action.code}</Message><RequestId>fault-proxy</RequestId></Error>`;
          const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) };
          if (action.retryAfterSeconds !== undefined) headers['retry-after'] = String(action.retryAfterSeconds);
          res.writeHead(action.status, headers).end(req.method === 'HEAD' ? undefined : body);
        });
        return;
      }
      case 'reset-request': {
        let received = 0;
        const cut = () => req.socket.destroy();
        req.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received >= action.afterBytes) cut();
        });
        req.on('end', cut);
        return;
      }
      case 'reset-response':
        return forward(req, res, { cutAfterBytes: action.afterBytes });
      case 'corrupt-request':
        return forward(req, res, { corruptAtByte: action.atByte });
      case 'set-response-header':
        return forward(req, res, { header: [action.name, action.value] });
      case 'delay':
        setTimeout(() => {
          if (!req.socket.destroyed) forward(req, res);
        }, action.ms);
        return;
    }
  });

  function forward(req: http.IncomingMessage, res: http.ServerResponse, options: { cutAfterBytes?: number; corruptAtByte?: number; header?: [string, string] } = {}): void {
    const { cutAfterBytes, corruptAtByte, header } = options;
    const headers = { ...req.headers };
    delete headers.expect; // this proxy already said "100 Continue"
    const upstream = http.request({ host: target.host, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, header ? { ...answer.headers, [header[0]]: header[1] } : answer.headers);
      if (cutAfterBytes === undefined) {
        answer.pipe(res);
        return;
      }
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        const room = cutAfterBytes - sent;
        sent += chunk.length;
        if (room > 0) res.write(chunk.subarray(0, room));
        if (sent >= cutAfterBytes) {
          answer.destroy();
          res.socket?.destroy();
        }
      });
      answer.on('end', () => res.end());
    });
    upstream.on('error', () => res.socket?.destroy());
    // A client that hangs up mid-request hangs up on the server too, as over a real network.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (corruptAtByte === undefined) {
      req.pipe(upstream);
      return;
    }
    let seenBytes = 0;
    req.on('data', (chunk: Buffer) => {
      const at = corruptAtByte - seenBytes;
      seenBytes += chunk.length;
      if (at >= 0 && at < chunk.length) {
        chunk = Buffer.from(chunk);
        chunk[at] = chunk[at]! ^ 0xff;
      }
      upstream.write(chunk);
    });
    req.on('end', () => upstream.end());
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    addFault: (rule) => rules.push({ ...rule }),
    clearFaults: () => {
      rules = [];
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
