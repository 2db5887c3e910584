// Saved notification channels: non-secret settings only. The SMTP password and the webhook or
// ping URL (which embeds a token) live in the secret store under secretRefs.channelSecret(name).
import { z } from 'zod';
import { LifeboatError } from '../../src-shared/errors';
import { emailConfigSchema } from '../notify/email-config';
import type { CatalogDb } from './open-catalog';

export const channelConfigSchema = z.discriminatedUnion('kind', [
  /** caFile: a PEM file for an office mail server signed by its own certificate authority. */
  z.object({ kind: z.literal('email'), config: emailConfigSchema.extend({ caFile: z.string().min(1).optional() }) }),
  z.object({ kind: z.literal('webhook'), config: z.object({ format: z.enum(['generic', 'slack', 'teams', 'discord']) }) }),
  z.object({ kind: z.literal('healthcheck'), config: z.object({ style: z.enum(['healthchecks', 'uptime-kuma']) }) }),
]);

export type SavedChannel = z.infer<typeof channelConfigSchema> & { name: string };

export class ChannelsRepo {
  constructor(private readonly db: CatalogDb) {}

  save(channel: SavedChannel): void {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(channel.name)) {
      throw new LifeboatError('BAD_INPUT', `"${channel.name}" is not a valid channel name.`, { fix: 'Use a letter followed by letters, digits, - or _.' });
    }
    const parsed = channelConfigSchema.parse({ kind: channel.kind, config: channel.config });
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO channels (name, kind, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config = excluded.config, updated_at = excluded.updated_at`,
      )
      .run(channel.name, parsed.kind, JSON.stringify(parsed.config), now, now);
  }

  get(name: string): SavedChannel | undefined {
    const row = this.db.prepare<[string], { name: string; kind: string; config: string }>('SELECT name, kind, config FROM channels WHERE name = ?').get(name);
    return row ? { name: row.name, ...channelConfigSchema.parse({ kind: row.kind, config: JSON.parse(row.config) }) } : undefined;
  }

  list(): SavedChannel[] {
    return this.db
      .prepare<[], { name: string; kind: string; config: string }>('SELECT name, kind, config FROM channels ORDER BY name')
      .all()
      .map((row) => ({ name: row.name, ...channelConfigSchema.parse({ kind: row.kind, config: JSON.parse(row.config) }) }));
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM channels WHERE name = ?').run(name).changes > 0;
  }
}
