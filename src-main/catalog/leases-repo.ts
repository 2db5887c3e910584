// Leases in the catalog: the desktop app and the daemon never run the same database's backup
// at once. A lease expires unless renewed, and a holder whose process is gone (same host)
// loses it at once, so a crash can never block backups for long.
import os from 'node:os';
import { processAlive } from '../process-alive';
import type { CatalogDb } from './open-catalog';

export interface Lease {
  name: string;
  release(): void;
  /** Extends the lease; false if it was lost (expired and taken by someone else). */
  renew(): boolean;
}

export class LeasesRepo {
  private readonly owner = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(private readonly db: CatalogDb, private readonly now: () => Date = () => new Date()) {}

  tryAcquire(name: string, ttlMs: number): Lease | undefined {
    const acquired = this.db.transaction(() => {
      const row = this.db
        .prepare<[string], { owner: string; owner_pid: number; owner_host: string; expires_at: string }>('SELECT owner, owner_pid, owner_host, expires_at FROM leases WHERE name = ?')
        .get(name);
      const now = this.now();
      if (row && row.owner !== this.owner && new Date(row.expires_at) > now && holderAlive(row.owner_host, row.owner_pid)) return false;
      this.db
        .prepare(
          `INSERT INTO leases (name, owner, owner_pid, owner_host, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, owner_pid = excluded.owner_pid, owner_host = excluded.owner_host,
             acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
        )
        .run(name, this.owner, process.pid, os.hostname(), now.toISOString(), new Date(now.getTime() + ttlMs).toISOString());
      return true;
    }).immediate();
    if (!acquired) return undefined;
    return {
      name,
      release: () => void this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, this.owner),
      renew: () =>
        this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?').run(new Date(this.now().getTime() + ttlMs).toISOString(), name, this.owner).changes === 1,
    };
  }

  /** Leases whose name starts with `prefix` that someone live holds now (expired or orphaned ones do not count). */
  heldWithPrefix(prefix: string): string[] {
    const rows = this.db
      .prepare<[number, string], { name: string; owner_pid: number; owner_host: string; expires_at: string }>('SELECT name, owner_pid, owner_host, expires_at FROM leases WHERE substr(name, 1, ?) = ?')
      .all(prefix.length, prefix);
    const now = this.now();
    return rows.filter((r) => new Date(r.expires_at) > now && holderAlive(r.owner_host, r.owner_pid)).map((r) => r.name);
  }

  holder(name: string): { owner: string; expiresAt: string } | undefined {
    const row = this.db.prepare<[string], { owner: string; expires_at: string }>('SELECT owner, expires_at FROM leases WHERE name = ?').get(name);
    return row ? { owner: row.owner, expiresAt: row.expires_at } : undefined;
  }
}

function holderAlive(host: string, pid: number): boolean {
  if (host !== os.hostname()) return true; // another machine sharing the catalog: trust the expiry
  return processAlive(pid);
}
