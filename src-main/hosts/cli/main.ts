// The `lifeboat` command. Exit codes: 0 success, 1 failure (one line with cause and fix on
// stderr), 2 bad usage.
import { Command, CommanderError } from 'commander';
import { registerBackup } from './commands/backup';
import { registerCatalog } from './commands/catalog';
import { registerCopies } from './commands/copies';
import { registerDestination } from './commands/destination';
import { registerImport } from './commands/import';
import { registerDrill } from './commands/drill';
import { registerJob } from './commands/job';
import { registerCheck, registerNotify } from './commands/notify';
import { registerRecords } from './commands/records';
import { registerSettings } from './commands/settings';
import { registerInstallService, registerScheduling } from './commands/scheduling';
import { registerKeygen } from './commands/keygen';
import { registerKept } from './commands/kept';
import { registerListShow } from './commands/list-show';
import { registerServe } from './commands/serve';
import { registerVerifyRestore } from './commands/verify-restore';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('lifeboat')
    .description('PostgreSQL backups you can trust: encrypted, verified, restorable.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerKeygen(program);
  registerBackup(program);
  registerListShow(program);
  registerVerifyRestore(program);
  registerImport(program);
  registerDrill(program);
  registerKept(program);
  registerCopies(program);
  registerDestination(program);
  registerCatalog(program);
  registerJob(program);
  registerScheduling(program);
  registerInstallService(program);
  registerRecords(program);
  registerNotify(program);
  registerCheck(program);
  registerSettings(program);
  registerServe(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  // `lifeboat list | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = buildProgram();
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      process.exitCode = benign ? 0 : 2;
      return;
    }
    throw error;
  }
}

await main(process.argv);
