// Forward-only schema migrations. Applied ones are recorded with a hash, so editing a
// migration after release is caught at start instead of silently drifting.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'backups, files, copies, verifications, restores',
    sql: `
      CREATE TABLE backups (
        id              TEXT PRIMARY KEY,
        job             TEXT NOT NULL,
        database_name   TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted','cancelled')),
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        source          TEXT,
        server_version  TEXT,
        tool_version    TEXT,
        dump_bytes      INTEGER,
        stored_bytes    INTEGER,
        encryption_kind TEXT,
        recipients      TEXT,
        manifest_name   TEXT,
        error_code      TEXT,
        error_message   TEXT,
        warnings        TEXT,
        owner_pid       INTEGER,
        owner_host      TEXT
      );
      CREATE INDEX backups_started ON backups (started_at DESC);
      CREATE INDEX backups_job_db ON backups (job, database_name, started_at DESC);
      CREATE TABLE backup_files (
        backup_id TEXT NOT NULL REFERENCES backups(id) ON DELETE CASCADE,
        role      TEXT NOT NULL CHECK (role IN ('dump','globals','manifest')),
        name      TEXT NOT NULL,
        size      INTEGER,
        sha256    TEXT,
        PRIMARY KEY (backup_id, role)
      );
      CREATE TABLE copies (
        backup_id      TEXT NOT NULL REFERENCES backups(id) ON DELETE CASCADE,
        destination_id TEXT NOT NULL,
        kind           TEXT NOT NULL,
        prefix         TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('writing','present','failed','missing','corrupt')),
        error_message  TEXT,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (backup_id, destination_id)
      );
      CREATE TABLE verifications (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        backup_id  TEXT NOT NULL REFERENCES backups(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL CHECK (kind IN ('verify','restore')),
        at         TEXT NOT NULL,
        ok         INTEGER NOT NULL,
        detail     TEXT
      );
    `,
  },
  {
    version: 2,
    name: 'named destinations (configuration only; secrets live in the keychain)',
    sql: `
      CREATE TABLE destinations (
        name       TEXT PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('folder','s3')),
        config     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'jobs, scheduling state, leases, pending deletions',
    sql: `
      CREATE TABLE jobs (
        name       TEXT PRIMARY KEY,
        config     TEXT NOT NULL,
        paused     INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE job_state (
        job                  TEXT PRIMARY KEY REFERENCES jobs(name) ON DELETE CASCADE,
        last_slot            TEXT,
        last_started_at      TEXT,
        last_finished_at     TEXT,
        last_outcome         TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE leases (
        name        TEXT PRIMARY KEY,
        owner       TEXT NOT NULL,
        owner_pid   INTEGER NOT NULL,
        owner_host  TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at  TEXT NOT NULL
      );
      CREATE TABLE pending_deletions (
        backup_id      TEXT NOT NULL,
        destination_id TEXT NOT NULL,
        reason         TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        PRIMARY KEY (backup_id, destination_id)
      );
    `,
  },
  {
    version: 4,
    name: 'notification channels and app settings',
    sql: `
      CREATE TABLE channels (
        name       TEXT PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('email','webhook','healthcheck')),
        config     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'indexes for the History screen filters (job, status, destination)',
    sql: `
      CREATE INDEX backups_job_started ON backups (job, started_at DESC);
      CREATE INDEX backups_status_started ON backups (status, started_at DESC);
      CREATE INDEX copies_destination ON copies (destination_id, backup_id);
    `,
  },
  {
    version: 6,
    name: 'restore drill scheduling state per job',
    sql: `
      CREATE TABLE drill_state (
        job              TEXT PRIMARY KEY REFERENCES jobs(name) ON DELETE CASCADE,
        since            TEXT NOT NULL,
        last_slot        TEXT,
        last_started_at  TEXT,
        last_finished_at TEXT,
        last_outcome     TEXT CHECK (last_outcome IN ('passed','failed','skipped','cancelled')),
        last_detail      TEXT
      );
    `,
  },
  {
    version: 7,
    name: 'what to do about a failed backup, beside its cause',
    sql: `ALTER TABLE backups ADD COLUMN error_fix TEXT;`,
  },
];
