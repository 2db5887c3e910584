// A backup job: what to back up, when, where to, how it is encrypted and how long copies are
// kept. Stored as configuration in the catalog; its secrets (database password, passphrase,
// age identity) live only in the secret store.
import { z } from 'zod';

export const JOB_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,40}$/;

const time = z.string().regex(/^\d{1,2}:\d{2}$/, 'a time like 02:30');

export const scheduleSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('every-hours'), hours: z.number().int(), minute: z.number().int().min(0).max(59).optional() }),
  z.object({ kind: z.literal('daily'), time }),
  z.object({ kind: z.literal('weekdays'), time }),
  z.object({ kind: z.literal('weekly'), day: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]), time }),
  z.object({ kind: z.literal('monthly'), dayOfMonth: z.number().int().min(1).max(31), time }),
  z.object({ kind: z.literal('cron'), expression: z.string().min(1) }),
]);

export const retentionPolicySchema = z.object({
  keepLast: z.number().int().min(0).default(0),
  daily: z.number().int().min(0).default(0),
  weekly: z.number().int().min(0).default(0),
  monthly: z.number().int().min(0).default(0),
  yearly: z.number().int().min(0).default(0),
  minAgeDays: z.number().int().min(0).default(0),
});

/** Weekly, Sunday 04:00 in the job's time zone: after a night's backup, before the week starts. */
export const DEFAULT_DRILL_SCHEDULE = { kind: 'weekly', day: 0, time: '04:00' } as const;

/**
 * Scheduled restore drills: the job's latest good backups restored into a sandbox and their row
 * counts checked. The schedule's times are in the job's time zone and follow its catch-up choice.
 * 'local': a throwaway PostgreSQL cluster on this machine; 'source-server': a temporary database
 * on the job's own server.
 */
export const drillConfigSchema = z.object({
  enabled: z.boolean().default(true),
  schedule: scheduleSpecSchema.default(() => ({ ...DEFAULT_DRILL_SCHEDULE })),
  sandbox: z.enum(['local', 'source-server']).default('local'),
});

export const jobConfigSchema = z.object({
  name: z.string().regex(JOB_NAME_PATTERN, 'a letter followed by letters, digits, - or _'),
  source: z.object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(5432),
    user: z.string().min(1),
    sslmode: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
    databases: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('list'), names: z.array(z.string().min(1)).min(1) }),
      /** Every database on the server except templates; new ones are picked up at each run. */
      z.object({ mode: z.literal('all'), exclude: z.array(z.string()).default([]) }),
    ]),
  }),
  schedule: z.object({ spec: scheduleSpecSchema, timeZone: z.string().min(1), catchUp: z.boolean().default(true) }),
  destinations: z.array(z.string().min(1)).min(1, 'at least one destination'),
  encryption: z.discriminatedUnion('kind', [
    /** Lifeboat holds the identity (keychain) and can restore. */
    z.object({ kind: z.literal('x25519'), recipients: z.array(z.string().startsWith('age1')).min(1) }),
    /** The passphrase is in the keychain. */
    z.object({ kind: z.literal('passphrase') }),
    /** This machine can back up but not read backups; restores ask for the identity. */
    z.object({ kind: z.literal('public-key'), recipients: z.array(z.string().startsWith('age1')).min(1) }),
  ]),
  retention: z.record(z.string(), retentionPolicySchema).default({}),
  compressionLevel: z.number().int().min(1).max(19).default(3),
  rowCounts: z.boolean().default(true),
  globals: z.boolean().default(true),
  retries: z.number().int().min(0).max(10).default(2),
  /** Saved notification channels and how much each hears about this job. */
  notifications: z.array(z.object({ channel: z.string().min(1), level: z.enum(['everything', 'failures-and-recovery', 'errors-only', 'nothing']).default('failures-and-recovery') })).default([]),
  /** Jobs stored before drills existed have none: they get the default (on, weekly, local). */
  drill: drillConfigSchema.default(() => ({ enabled: true, schedule: { ...DEFAULT_DRILL_SCHEDULE }, sandbox: 'local' as const })),
});

export type JobConfig = z.infer<typeof jobConfigSchema>;
export type JobConfigInput = z.input<typeof jobConfigSchema>;
export type ScheduleSpecConfig = z.infer<typeof scheduleSpecSchema>;
export type DrillConfig = z.infer<typeof drillConfigSchema>;
export type DrillSandboxConfig = DrillConfig['sandbox'];
export type RetentionPolicyInput = z.input<typeof retentionPolicySchema>;
