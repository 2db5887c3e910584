import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE, RULE_LEVELS, ruleFor, shouldNotify } from './rules';
import { everyEvent } from './test-fixtures';

const e = everyEvent();

describe('rules', () => {
  it('by default: failures and recoveries, not plain successes', () => {
    expect(DEFAULT_RULE).toEqual({ onFailure: true, onSuccess: false, onRecovery: true });
    expect(shouldNotify(DEFAULT_RULE, e['backup-failed'], 'succeeded')).toBe(true);
    expect(shouldNotify(DEFAULT_RULE, e['backup-recovered'], 'failed')).toBe(true);
    expect(shouldNotify(DEFAULT_RULE, e['backup-succeeded'], 'succeeded')).toBe(false);
    expect(shouldNotify(DEFAULT_RULE, e['backup-degraded'], 'succeeded')).toBe(true);
    expect(shouldNotify(DEFAULT_RULE, e['alert-low-space'], null)).toBe(true);
    expect(shouldNotify(DEFAULT_RULE, e['drill-failed'], null)).toBe(true);
  });

  it('a plain success after a failure counts as a recovery', () => {
    expect(shouldNotify(DEFAULT_RULE, e['backup-succeeded'], 'failed')).toBe(true);
    expect(shouldNotify(RULE_LEVELS['errors-only'], e['backup-succeeded'], 'failed')).toBe(false);
  });

  it('"errors only" tells failures and nothing else', () => {
    const rule = RULE_LEVELS['errors-only'];
    expect(shouldNotify(rule, e['backup-failed'], null)).toBe(true);
    expect(shouldNotify(rule, e['backup-recovered'], 'failed')).toBe(false);
    expect(shouldNotify(rule, e['restore-finished'], null)).toBe(false);
    expect(shouldNotify(rule, { ...e['restore-finished'], mismatchedTables: 1 }, null)).toBe(true);
  });

  it('"everything" and "nothing"', () => {
    for (const event of Object.values(e)) {
      expect(shouldNotify(RULE_LEVELS.everything, event, null)).toBe(true);
      expect(shouldNotify(RULE_LEVELS.nothing, event, 'failed')).toBe(false);
    }
  });

  it('the most specific rule wins: job+channel, channel, default', () => {
    const table = {
      default: RULE_LEVELS['errors-only'],
      channels: { chat: RULE_LEVELS.everything },
      jobs: { nightly: { chat: RULE_LEVELS.nothing } },
    };
    expect(ruleFor(table, 'nightly', 'chat')).toEqual(RULE_LEVELS.nothing);
    expect(ruleFor(table, 'hourly', 'chat')).toEqual(RULE_LEVELS.everything);
    expect(ruleFor(table, null, 'chat')).toEqual(RULE_LEVELS.everything);
    expect(ruleFor(table, 'nightly', 'email')).toEqual(RULE_LEVELS['errors-only']);
    expect(ruleFor({}, 'nightly', 'email')).toEqual(DEFAULT_RULE);
  });
});
