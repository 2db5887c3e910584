// What every CLI command shares: the data dir, the catalog, the log, and how results and
// errors are printed (one JSON object with --json; exit 1 with cause and fix on failure).
import path from 'node:path';
import { toLifeboatError } from '../../../src-shared/errors';
import { BackupsRepo } from '../../catalog/backups-repo';
import { DestinationsRepo } from '../../catalog/destinations-repo';
import { openSecretStore } from '../../secrets/open-secret-store';
import type { SecretStore } from '../../secrets/secret-store';
import { DestinationRegistry } from '../../storage/registry';
import { openCatalogDb, type CatalogDb } from '../../catalog/open-catalog';
import { fileLogger, type Logger } from '../../log';
import { dataDir } from '../../paths';

export class CliContext {
  readonly dataDir = dataDir();
  private db: CatalogDb | undefined;
  private logger: Logger | undefined;

  get log(): Logger {
    this.logger ??= fileLogger(path.join(this.dataDir, 'logs')).scope('cli');
    return this.logger;
  }

  private secretStore: Promise<SecretStore> | undefined;

  private get catalogDb(): CatalogDb {
    this.db ??= openCatalogDb(this.dataDir);
    return this.db;
  }

  get backups(): BackupsRepo {
    return new BackupsRepo(this.catalogDb);
  }

  get destinations(): DestinationsRepo {
    return new DestinationsRepo(this.catalogDb);
  }

  /** Opened on first use: plain folder backups never touch the keychain. */
  secrets(): Promise<SecretStore> {
    this.secretStore ??= openSecretStore();
    return this.secretStore;
  }

  get registry(): DestinationRegistry {
    return new DestinationRegistry({ destinations: this.destinations, secrets: () => this.secrets() });
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
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
