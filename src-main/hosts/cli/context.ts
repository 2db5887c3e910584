// What every CLI command shares: the data dir, the catalog, the log, and how results and
// errors are printed (one JSON object with --json; exit 1 with cause and fix on failure).
import { toLifeboatError } from '../../../src-shared/errors';
import { LifeboatCore } from '../../core';

/** The CLI's view of the core: the same wiring every host uses, logging under the "cli" scope. */
export class CliContext extends LifeboatCore {
  constructor() {
    super({ logScope: 'cli' });
  }
}

export interface OutputFlags {
  json?: boolean;
}

/** Runs a command body; prints its result as JSON or text; maps failures to exit code 1. */
export async function runCommand<T>(flags: OutputFlags, body: (ctx: CliContext) => Promise<T>, printText: (result: T) => void): Promise<void> {
  const ctx = new CliContext();
  try {
    const result = await body(ctx);
    if (flags.json) process.stdout.write(JSON.stringify({ ok: true, ...result }) + '\n');
    else printText(result);
  } catch (error) {
    const failure = toLifeboatError(error);
    if (failure.code === 'INTERNAL') ctx.log.error('unexpected error', { error: failure.message, stack: failure.stack ?? '' });
    if (flags.json) process.stdout.write(JSON.stringify({ ok: false, error: failure.toData() }) + '\n');
    process.stderr.write(`lifeboat: ${failure.toLine()}\n`);
    process.exitCode = 1;
  } finally {
    ctx.close();
  }
}
