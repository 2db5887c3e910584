// The app settings the UI reads and writes, stored in the catalog's settings table. Some are
// shared with the CLI (metrics.file, the global pause); the recovery-kit bookkeeping remembers
// which keys were made here and which of their kits the user confirmed saving.
import type { Settings } from '../../src-shared/api';
import type { LifeboatCore } from '../core';
import { PAUSED_UNTIL_KEY } from '../jobs/scheduler';

export const SETTING_KEYS = {
  theme: 'ui.theme',
  startAtLogin: 'ui.startAtLogin',
  metricsFile: 'metrics.file',
  pausedUntil: PAUSED_UNTIL_KEY,
  kitsGenerated: 'recoveryKit.generated',
  kitsSaved: 'recoveryKit.saved',
  alertsActive: 'alerts.active',
} as const;

/** The global pause, when it lies in the future. */
export function pausedUntil(core: LifeboatCore, now: Date): string | null {
  const until = core.settings.get<string>(SETTING_KEYS.pausedUntil);
  if (!until) return null;
  const ms = Date.parse(until);
  return Number.isNaN(ms) || ms <= now.getTime() ? null : new Date(ms).toISOString();
}

/** Recipients of keys generated here, used by a key-pair job, whose kit was not confirmed saved. */
export function unsavedKitRecipients(core: LifeboatCore): Set<string> {
  const saved = new Set(core.settings.get<string[]>(SETTING_KEYS.kitsSaved) ?? []);
  const pending = (core.settings.get<string[]>(SETTING_KEYS.kitsGenerated) ?? []).filter((r) => !saved.has(r));
  if (pending.length === 0) return new Set();
  const used = new Set(core.jobs.list().flatMap((j) => (j.config.encryption.kind === 'x25519' ? j.config.encryption.recipients : [])));
  return new Set(pending.filter((r) => used.has(r)));
}

export function addToList(core: LifeboatCore, key: string, value: string): void {
  const list = core.settings.get<string[]>(key) ?? [];
  if (!list.includes(value)) core.settings.set(key, [...list, value]);
}

export function readSettings(core: LifeboatCore, now: Date): Settings {
  return {
    theme: core.settings.get<Settings['theme']>(SETTING_KEYS.theme) ?? 'system',
    startAtLogin: core.settings.get<boolean>(SETTING_KEYS.startAtLogin) ?? false,
    metricsFile: core.settings.get<string>(SETTING_KEYS.metricsFile) ?? null,
    pausedUntil: pausedUntil(core, now),
    recoveryKitSaved: unsavedKitRecipients(core).size === 0,
  };
}
