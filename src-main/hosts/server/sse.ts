// GET /api/events: the service's events as server-sent events, one JSON object per message
// ({"event":"work","payload":{…}}), a comment every 15 s so proxies and browsers keep the
// stream open, and the subscription dropped when the browser goes away.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiEventName } from '../../../src-shared/api';
import type { LifeboatService } from '../../service/service-types';

const EVENTS: readonly ApiEventName[] = ['work', 'changed', 'tray'];
export const HEARTBEAT_MS = 15_000;

export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly service: Pick<LifeboatService, 'on' | 'trayState' | 'call'>, private readonly heartbeatMs = HEARTBEAT_MS) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    const write = (event: ApiEventName, payload: unknown) => {
      if (!res.writableEnded) res.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
    };
    res.write('retry: 3000\n\n');
    // Where things stand now, so a new page does not wait for the next change.
    write('tray', this.service.trayState());
    const disposers = EVENTS.map((event) => this.service.on(event, (payload) => write(event, payload)));
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': ping\n\n');
    }, this.heartbeatMs);
    this.open.add(res);
    const done = () => {
      clearInterval(heartbeat);
      for (const dispose of disposers) dispose();
      this.open.delete(res);
    };
    res.on('close', done);
  }

  get count(): number {
    return this.open.size;
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    for (const res of [...this.open]) res.end();
  }
}
