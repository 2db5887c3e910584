// A real HTTP server on 127.0.0.1 that records every request and answers as each test says:
// a status, a body, or a delay long enough to trip a client's timeout.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T = unknown>(): T;
}

export interface SinkReply {
  status?: number;
  body?: string;
  delayMs?: number;
}

export interface HttpSink {
  port: number;
  url(path: string): string;
  requests: SinkRequest[];
  close(): Promise<void>;
}

/** `reply` gets each request and its 0-based index; the default answers 200 "ok". */
export async function startHttpSink(reply: (request: SinkRequest, index: number) => SinkReply = () => ({})): Promise<HttpSink> {
  const requests: SinkRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: SinkRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json: <T>() => JSON.parse(body) as T };
      const index = requests.push(request) - 1;
      const answer = reply(request, index);
      const respond = () => {
        timers.delete(timer);
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain' });
        res.end(answer.body ?? 'ok');
      };
      const timer = setTimeout(respond, answer.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
