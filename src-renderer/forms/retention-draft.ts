// Retention per destination as edited in a form. A destination without a policy keeps every
// backup (the core never prunes it), which is spelled out in the form.
import type { RetentionPolicyInput } from '../../src-shared/job';
import type { FieldErrors } from './field-errors';

export const RETENTION_FIELDS = ['keepLast', 'daily', 'weekly', 'monthly', 'yearly', 'minAgeDays'] as const;
export type RetentionField = (typeof RETENTION_FIELDS)[number];

export interface RetentionDraft {
  /** false: keep everything in this destination. */
  enabled: boolean;
  values: Record<RetentionField, number | null>;
}

/** The core's default for new destinations: 7 daily, 4 weekly, 6 monthly. */
export function defaultRetention(): RetentionDraft {
  return { enabled: true, values: { keepLast: 0, daily: 7, weekly: 4, monthly: 6, yearly: 0, minAgeDays: 0 } };
}

export function retentionFromPolicy(policy: RetentionPolicyInput | undefined): RetentionDraft {
  if (!policy) return { ...defaultRetention(), enabled: false };
  return {
    enabled: true,
    values: {
      keepLast: policy.keepLast ?? 0,
      daily: policy.daily ?? 0,
      weekly: policy.weekly ?? 0,
      monthly: policy.monthly ?? 0,
      yearly: policy.yearly ?? 0,
      minAgeDays: policy.minAgeDays ?? 0,
    },
  };
}

export function validateRetention(draft: RetentionDraft, prefix: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.enabled) return errors;
  for (const field of RETENTION_FIELDS) {
    if (draft.values[field] === null) errors[`${prefix}.${field}`] = 'Enter a whole number (0 or more).';
  }
  return errors;
}

export function policyFrom(draft: RetentionDraft): Required<RetentionPolicyInput> {
  const v = draft.values;
  return { keepLast: v.keepLast ?? 0, daily: v.daily ?? 0, weekly: v.weekly ?? 0, monthly: v.monthly ?? 0, yearly: v.yearly ?? 0, minAgeDays: v.minAgeDays ?? 0 };
}

/** "Keeps 7 daily, 4 weekly and 6 monthly backups." */
export function describeRetention(draft: RetentionDraft): string {
  if (!draft.enabled) return 'Keeps every backup; nothing is ever deleted here.';
  const v = policyFrom(draft);
  const parts: string[] = [];
  if (v.keepLast) parts.push(`the last ${v.keepLast}`);
  if (v.daily) parts.push(`${v.daily} daily`);
  if (v.weekly) parts.push(`${v.weekly} weekly`);
  if (v.monthly) parts.push(`${v.monthly} monthly`);
  if (v.yearly) parts.push(`${v.yearly} yearly`);
  let text = parts.length === 0 ? 'Keeps only the newest backup' : `Keeps ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]} backups`;
  if (v.minAgeDays) text += `, and nothing younger than ${v.minAgeDays} days is deleted`;
  return `${text}.`;
}
