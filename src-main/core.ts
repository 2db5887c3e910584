// The core's wiring, shared by every host (CLI, daemon, `lifeboat serve`, the desktop app):
// data dir, catalog and repositories, secret store, destination registry, job runtime.
// Everything is opened lazily, so a command only pays for what it uses.
import path from 'node:path';
import { BackupsRepo } from './catalog/backups-repo';
import { ChannelsRepo } from './catalog/channels-repo';
import { SettingsRepo } from './catalog/settings-repo';
import type { JobConfig } from '../src-shared/job';
import { JobNotifications } from './jobs/job-notifications';
import { DestinationsRepo } from './catalog/destinations-repo';
import { DrillStateRepo } from './catalog/drill-state-repo';
import { runJobDrill, type DrillRunResult, type JobDrillOptions } from './drills/run-job-drill';
import { JobsRepo } from './catalog/jobs-repo';
import { LeasesRepo } from './catalog/leases-repo';
import { openCatalogDb, type CatalogDb } from './catalog/open-catalog';
import { runJob, type JobRunDeps, type JobRunEvent, type JobRunResult } from './jobs/run-job';
import type { ProgressListener } from './pipeline/progress';
import { renderMetrics, writeMetricsFile } from './records/prometheus';
import { fileLogger, type Logger } from './log';
import { dataDir } from './paths';
import { AuditLog } from './records/audit-log';
import { openSecretStore } from './secrets/open-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { DestinationRegistry } from './storage/registry';

export class LifeboatCore {
  readonly dataDir: string;
  private db: CatalogDb | undefined;
  private logger: Logger | undefined;
  private secretStore: Promise<SecretStore> | undefined;
  private auditLog: AuditLog | undefined;
  private readonly eventListeners: Array<(event: JobRunEvent) => void> = [];

  constructor(options: { dataDir?: string; logScope?: string; secrets?: SecretStore } = {}) {
    this.dataDir = options.dataDir ?? dataDir();
    this.logScope = options.logScope ?? 'core';
    // A host may bring its own store (tests: an in-memory one); otherwise it is opened on first use.
    if (options.secrets) this.secretStore = Promise.resolve(options.secrets);
  }

  private readonly logScope: string;

  get log(): Logger {
    this.logger ??= fileLogger(path.join(this.dataDir, 'logs')).scope(this.logScope);
    return this.logger;
  }

  get audit(): AuditLog {
    this.auditLog ??= new AuditLog({ dataDir: this.dataDir, logger: this.log, actor: this.logScope });
    return this.auditLog;
  }

  get catalogDb(): CatalogDb {
    this.db ??= openCatalogDb(this.dataDir);
    return this.db;
  }

  get backups(): BackupsRepo {
    return new BackupsRepo(this.catalogDb);
  }

  get destinations(): DestinationsRepo {
    return new DestinationsRepo(this.catalogDb);
  }

  get jobs(): JobsRepo {
    return new JobsRepo(this.catalogDb);
  }

  get channels(): ChannelsRepo {
    return new ChannelsRepo(this.catalogDb);
  }

  get settings(): SettingsRepo {
    return new SettingsRepo(this.catalogDb);
  }

  async notificationsFor(job: JobConfig): Promise<JobNotifications> {
    return JobNotifications.forJob(job, { channels: this.channels, secrets: await this.secrets(), backups: this.backups, log: this.log });
  }

  get leases(): LeasesRepo {
    return new LeasesRepo(this.catalogDb);
  }

  get drillState(): DrillStateRepo {
    return new DrillStateRepo(this.catalogDb);
  }

  /** Opened on first use: plain folder backups never touch the keychain. */
  secrets(): Promise<SecretStore> {
    this.secretStore ??= openSecretStore();
    return this.secretStore;
  }

  get registry(): DestinationRegistry {
    return new DestinationRegistry({ destinations: this.destinations, secrets: () => this.secrets() });
  }

  onJobEvent(listener: (event: JobRunEvent) => void): () => void {
    this.eventListeners.push(listener);
    return () => {
      const i = this.eventListeners.indexOf(listener);
      if (i >= 0) this.eventListeners.splice(i, 1);
    };
  }

  jobRunDeps(): JobRunDeps {
    const registry = this.registry;
    return {
      backups: this.backups,
      leases: this.leases,
      db: this.catalogDb,
      secrets: () => this.secrets(),
      destination: (name) => registry.fromSpec(name),
      resolve: (id) => registry.fromId(id),
      log: this.log,
      audit: this.audit,
      onEvent: (event) => {
        for (const listener of this.eventListeners) listener(event);
      },
    };
  }

  /**
   * Runs a job with everything around it: notifications (flushed before returning), the
   * outcome in the job's state, and the Prometheus file when one is configured.
   */
  async runJob(job: JobConfig, options: { signal?: AbortSignal; onProgress?: (database: string) => ProgressListener } = {}): Promise<JobRunResult> {
    const notifications = await this.notificationsFor(job);
    const deps = this.jobRunDeps();
    this.jobs.recordStart(job.name, new Date());
    try {
      const result = await runJob({ ...deps, onEvent: (event) => (deps.onEvent?.(event), notifications.handle(event)) }, job, options);
      this.jobs.recordOutcome(job.name, options.signal?.aborted ? 'cancelled' : result.ok ? 'succeeded' : 'failed', new Date());
      return result;
    } catch (error) {
      this.jobs.recordOutcome(job.name, 'failed', new Date());
      throw error;
    } finally {
      await notifications.flush();
      await this.writeMetrics();
    }
  }

  /** A restore drill of the job, recorded in the catalog, the job's drill state and the audit log. */
  async drillJob(job: JobConfig, options: JobDrillOptions): Promise<DrillRunResult> {
    const registry = this.registry;
    const deps = { backups: this.backups, secrets: () => this.secrets(), resolve: (id: string) => registry.fromId(id), log: this.log, audit: this.audit, leases: this.leases, state: this.drillState };
    return runJobDrill(job, deps, options);
  }

  /** Rewrites the Prometheus textfile, when the admin opted in (setting metrics.file). */
  async writeMetrics(): Promise<void> {
    const file = this.settings.get<string>('metrics.file');
    if (!file) return;
    try {
      await writeMetricsFile(file, renderMetrics(this.backups.list({ limit: 1_000_000 }), new Date()));
    } catch (error) {
      this.log.warn('could not write the metrics file', { file, error: (error as Error).message });
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
