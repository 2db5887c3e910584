// Who hears about what: per job and channel, failures, successes and recoveries on or off.
// Defaults tell about failures and recoveries, not about every night that went well.
import type { PreviousOutcome } from './backup-events';
import type { NotifyEvent } from './events';

export interface NotifyRule {
  onFailure: boolean;
  onSuccess: boolean;
  onRecovery: boolean;
}

export type NotifyLevel = 'everything' | 'failures-and-recovery' | 'errors-only' | 'nothing';

export const RULE_LEVELS: Readonly<Record<NotifyLevel, Readonly<NotifyRule>>> = {
  everything: { onFailure: true, onSuccess: true, onRecovery: true },
  'failures-and-recovery': { onFailure: true, onSuccess: false, onRecovery: true },
  'errors-only': { onFailure: true, onSuccess: false, onRecovery: false },
  nothing: { onFailure: false, onSuccess: false, onRecovery: false },
};

export const DEFAULT_RULE: Readonly<NotifyRule> = RULE_LEVELS['failures-and-recovery'];

/** Most specific wins: job+channel, then channel, then the default. */
export interface RuleTable {
  default?: NotifyRule;
  channels?: Record<string, NotifyRule>;
  jobs?: Record<string, Record<string, NotifyRule>>;
}

export function ruleFor(table: RuleTable, job: string | null, channelId: string): NotifyRule {
  const forJob = job === null ? undefined : table.jobs?.[job]?.[channelId];
  return forJob ?? table.channels?.[channelId] ?? table.default ?? DEFAULT_RULE;
}

/**
 * Whether `event` should be told on a channel with `rule`. `previousOutcome` is the outcome of
 * the run before (for a plain success after a failure, which is a recovery, when the caller did
 * not already say so). Problems (failures, missing copies, alerts, failed drills) follow
 * onFailure; good news follows onSuccess, and a recovery follows onRecovery or onSuccess.
 */
export function shouldNotify(rule: NotifyRule, event: NotifyEvent, previousOutcome: PreviousOutcome): boolean {
  switch (event.kind) {
    case 'backup-succeeded':
      return rule.onSuccess || (previousOutcome === 'failed' && rule.onRecovery);
    case 'backup-recovered':
      return rule.onRecovery || rule.onSuccess;
    case 'restore-finished':
      // A restore someone started: its end is news to them, and mismatches are a problem.
      return rule.onSuccess || (event.mismatchedTables > 0 && rule.onFailure);
    default:
      return rule.onFailure;
  }
}
