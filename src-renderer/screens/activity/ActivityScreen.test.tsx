// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src-shared/audit';
import { FakeApi } from '../../test/fake-api';
import { jobView } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { ActivityScreen } from './ActivityScreen';

function entries(count: number, offset: number): AuditEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(Date.UTC(2030, 0, 1, 3, 0, i)).toISOString(),
    event: 'backup_create_complete',
    status: 'success',
    details: `Backup ${offset + i} finished`,
    job: 'nightly',
    database: 'shop',
    actor: 'scheduler',
  }));
}

describe('Activity', () => {
  it('filters and pages the audit log', async () => {
    const api = new FakeApi({
      'jobs.list': () => ({ jobs: [jobView()] }),
      'activity.list': (r) => ({ entries: entries((r.offset ?? 0) === 0 ? 100 : 3, r.offset ?? 0) }),
    });
    renderWithApi(<ActivityScreen />, api);
    expect(await screen.findByText('Backup 0 finished')).toBeTruthy();
    expect(screen.getAllByText('Backup finished').length).toBeGreaterThan(0);
    expect(api.requests('activity.list')[0]).toEqual({ offset: 0, limit: 100 });

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await screen.findByText('Backup 100 finished');
    expect(api.requests('activity.list').at(-1)).toEqual({ offset: 100, limit: 100 });
    expect((screen.getByRole('button', { name: 'Older' }) as HTMLButtonElement).disabled).toBe(true);

    await waitFor(() => expect(screen.getByRole('option', { name: 'nightly' })).toBeTruthy());
    fireEvent.change(screen.getByLabelText('Job'), { target: { value: 'nightly' } });
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'backup_verify' } });
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'error' } });
    await waitFor(() => expect(api.requests('activity.list').at(-1)).toEqual({ job: 'nightly', event: 'backup_verify', status: 'error', offset: 0, limit: 100 }));
  });
});
