import { describe, expect, it } from 'vitest';
import { backupOutcomeEvent, previousOutcome } from './backup-events';
import { at, record } from './test-fixtures';

const day = (n: number) => new Date(Date.parse('2026-03-01T02:00:00.000Z') + n * 86_400_000).toISOString();
const names = (id: string) => id.replace('folder:/mnt/', '');

describe('backupOutcomeEvent', () => {
  const ok1 = record({ id: 'ok1', startedAt: day(0), finishedAt: day(0) });
  const f1 = record({ id: 'f1', status: 'failed', startedAt: day(1), finishedAt: day(1), error: { code: 'PG_UNREACHABLE', message: 'down' }, copies: [] });
  const f2 = record({ id: 'f2', status: 'interrupted', startedAt: day(2), finishedAt: null, copies: [] });
  const other = record({ id: 'o', database: 'crm', status: 'failed', startedAt: day(2) });

  it('a failure carries the run of failures and the last success', () => {
    const now = record({ id: 'f3', status: 'failed', startedAt: day(3), finishedAt: at(1, day(3)), error: { code: 'PG_UNREACHABLE', message: 'down' }, copies: [] });
    const event = backupOutcomeEvent(now, { history: [f2, ok1, f1, other, now], jobDestinations: ['nas', 'usb'], error: { code: 'PG_UNREACHABLE', message: 'down', fix: 'Start PostgreSQL.' } });
    expect(event).toMatchObject({ kind: 'backup-failed', consecutiveFailures: 3, failingSince: day(1), lastSuccessAt: day(0), destinations: ['nas', 'usb'], error: { fix: 'Start PostgreSQL.' }, time: at(1, day(3)) });
    expect(previousOutcome(now, [f2, ok1, f1])).toBe('failed');
  });

  it('a success after failures is a recovery; a plain one a success', () => {
    const now = record({ id: 'ok2', startedAt: day(3), finishedAt: day(3) });
    expect(backupOutcomeEvent(now, { history: [ok1, f1, f2], destinationName: names })).toMatchObject({ kind: 'backup-recovered', failedAttempts: 2, failingSince: day(1), destinations: ['nas', 'usb'] });
    expect(backupOutcomeEvent(now, { history: [ok1] })?.kind).toBe('backup-succeeded');
    expect(previousOutcome(now, [ok1])).toBe('succeeded');
    expect(previousOutcome(now, [])).toBeNull();
  });

  it('a success missing a copy is degraded, naming the failed destination', () => {
    const now = record({
      id: 'd',
      startedAt: day(3),
      health: 'degraded',
      copies: [
        { destinationId: 'folder:/mnt/nas', kind: 'folder', prefix: 'p', status: 'present', errorMessage: null, updatedAt: day(3) },
        { destinationId: 'folder:/mnt/usb', kind: 'folder', prefix: 'p', status: 'failed', errorMessage: 'The destination is full.', updatedAt: day(3) },
      ],
    });
    expect(backupOutcomeEvent(now, { history: [], destinationName: names })).toMatchObject({ kind: 'backup-degraded', destinations: ['nas'], failedCopies: [{ destination: 'usb', message: 'The destination is full.' }] });
  });

  it('says nothing about running or cancelled runs; explains an interruption', () => {
    expect(backupOutcomeEvent(record({ status: 'running' }), { history: [] })).toBeNull();
    expect(backupOutcomeEvent(record({ status: 'cancelled' }), { history: [] })).toBeNull();
    expect(backupOutcomeEvent(f2, { history: [] })).toMatchObject({ kind: 'backup-failed', consecutiveFailures: 1, lastSuccessAt: null, error: { code: 'INTERRUPTED' } });
  });
});
