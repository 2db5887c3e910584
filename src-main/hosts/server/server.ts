// `lifeboat serve`'s HTTP server: node:http on a loopback address, a random port unless one is
// given, a fresh access token per start. Returns the address to print and a clean shutdown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LifeboatError } from '../../../src-shared/errors';
import type { Logger } from '../../log';
import type { LifeboatService } from '../../service/service-types';
import { newToken } from './auth';
import { allowedHosts, checkListenHost, urlHost } from './request-guard';
import { createRouter } from './router';
import { EventStreams } from './sse';
import { defaultStaticDir, StaticFiles } from './static-files';

export interface ServeOptions {
  service: LifeboatService;
  log: Logger;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  staticDir?: string;
  /** For tests; default: 32 random bytes. */
  token?: string;
  heartbeatMs?: number;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/?token=TOKEN — what the user opens. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = checkListenHost(options.host ?? '127.0.0.1');
  const token = options.token ?? newToken();
  const streams = new EventStreams(options.service, options.heartbeatMs);
  let hosts: ReadonlySet<string> = new Set();
  const server: Server = createServer(
    createRouter({ service: options.service, token, hosts: () => hosts, streams, files: new StaticFiles(options.staticDir ?? defaultStaticDir()), log: options.log }),
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(listenError(error, host, options.port ?? 0));
    server.once('error', failed);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const origin = `http://${urlHost(host)}:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    /** Stops accepting requests and ends the event streams; resolves once answers in flight were sent. */
    close: async () => {
      streams.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A request still running after this long is cut off (the service's close cancels work first).
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
    },
  };
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): LifeboatError {
  if (error.code === 'EADDRINUSE') {
    return new LifeboatError('BAD_INPUT', `Port ${port} on ${host} is already in use (another lifeboat serve?).`, { fix: 'Choose another --port, or leave --port out to get a free one.', cause: error });
  }
  if (error.code === 'EADDRNOTAVAIL') {
    return new LifeboatError('BAD_INPUT', `${host} is not an address of this computer.`, { fix: 'Use --host 127.0.0.1 (the default).', cause: error });
  }
  if (error.code === 'EACCES') {
    return new LifeboatError('BAD_INPUT', `Port ${port} needs administrator rights.`, { fix: 'Choose a port above 1024, or leave --port out.', cause: error });
  }
  return new LifeboatError('INTERNAL', `Could not listen on ${host}:${port}: ${error.message}`, { cause: error });
}
