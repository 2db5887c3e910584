// Retention: which backup copies to delete under each destination's keep-last/GFS policy. Pure planning, no I/O.
export { planRetention } from './planner';
export { describePlan, formatBytes } from './describe';
export {
  DEFAULT_RETENTION_POLICY,
  POLICY_FIELDS,
  RETENTION_PRESETS,
  describePolicy,
  keepDays,
  retentionPolicy,
  validateRetentionPolicy,
  type RetentionPolicy,
} from './policy';
export { isoWeek, localDate, periodKeys, type LocalDate, type PeriodKeys, type PeriodKind } from './periods';
export type { BlockedCopy, KeptCopy, PlannedDeletion, RetentionBackup, RetentionCopy, RetentionDestination, RetentionInput, RetentionPlan } from './types';
