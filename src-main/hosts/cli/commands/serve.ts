// `lifeboat serve`: the Lifeboat UI in a browser on this computer, for servers without a
// desktop (reach it through an SSH tunnel) or for trying the UI without Electron. It runs the
// scheduler too, unless --no-scheduler (when the daemon or the desktop app already does).
import path from 'node:path';
import type { Command } from 'commander';
import { toLifeboatError } from '../../../../src-shared/errors';
import { fileLogger } from '../../../log';
import { dataDir } from '../../../paths';
import { createLifeboatService } from '../../../service/create-service';
import type { LifeboatService } from '../../../service/service-types';
import { recoveryKitPath } from '../../server/recovery-kit-route';
import { startServer, type RunningServer } from '../../server/server';
import { parseIntFlag } from './backup';

interface ServeFlags {
  port?: string;
  host: string;
  scheduler: boolean;
  static?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('open the Lifeboat UI in your browser: a local web server on 127.0.0.1 with a one-time access token')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .option('--host <address>', 'loopback address to listen on: 127.0.0.1, another 127.x address or ::1', '127.0.0.1')
    .option('--no-scheduler', 'do not run scheduled jobs (the daemon or the desktop app runs them)')
    .option('--static <dir>', 'serve the UI from this folder (default: dist/renderer of this checkout)')
    .action((flags: ServeFlags) => serve(flags));
}

async function serve(flags: ServeFlags): Promise<void> {
  let service: LifeboatService | undefined;
  let server: RunningServer | undefined;
  try {
    const port = flags.port === undefined ? 0 : parseIntFlag(flags.port, '--port', 0, 65_535);
    service = createLifeboatService({ host: 'serve', recoveryKitUrl: recoveryKitPath });
    const log = fileLogger(path.join(dataDir(), 'logs')).scope('serve');
    server = await startServer({ service, log, port, host: flags.host, staticDir: flags.static });
    if (flags.scheduler) service.startScheduler();
    process.stdout.write(`Lifeboat is running at ${server.url}\n`);
    process.stderr.write(`Open that address in a browser on this computer${flags.scheduler ? '' : ' (scheduled jobs are not run: --no-scheduler)'}. Press Ctrl+C to stop.\n`);
  } catch (error) {
    process.stderr.write(`lifeboat: ${toLifeboatError(error).toLine()}\n`);
    process.exitCode = 1;
    await server?.close();
    await service?.close();
    return;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('Stopping: cancelling running work…\n');
  const closing = server.close();
  await service.close();
  await closing;
}
