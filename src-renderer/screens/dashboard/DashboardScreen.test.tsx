// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../../src-shared/api';
import { FakeApi } from '../../test/fake-api';
import { jobCard, jobView, workItem } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { DashboardScreen } from './DashboardScreen';

function dashboard(patch: Partial<ApiResponse<'dashboard.get'>> = {}): ApiResponse<'dashboard.get'> {
  return {
    jobs: [jobCard(), jobCard({ name: 'weekly', status: 'error', statusText: 'The last backup failed: the NAS is not mounted.', lastGood: null, destinations: [{ name: 'nas', state: 'missing' }] })],
    tray: 'error',
    recoveryKitSaved: true,
    chart: [],
    work: [workItem()],
    pausedUntil: null,
    ...patch,
  };
}

describe('Dashboard', () => {
  it('shows each job’s status in colour and words, its last good backup and its copies', async () => {
    renderWithApi(<DashboardScreen />, new FakeApi({ 'dashboard.get': () => dashboard() }));
    const nightly = await screen.findByRole('article', { name: 'nightly' });
    expect(nightly.className).toContain('job-card-ok');
    expect(within(nightly).getByText('All good')).toBeTruthy();
    expect(within(nightly).getByText('2 hours ago')).toBeTruthy();
    expect(within(nightly).getByText(/latest backup is there/)).toBeTruthy();
    expect(within(nightly).getByText(/some copies are missing/)).toBeTruthy();
    expect(within(nightly).getByText(/Never tried/)).toBeTruthy();

    const weekly = screen.getByRole('article', { name: 'weekly' });
    expect(weekly.className).toContain('job-card-error');
    expect(within(weekly).getByText('Failing')).toBeTruthy();
    expect(within(weekly).getByText('The last backup failed: the NAS is not mounted.')).toBeTruthy();
    expect(within(weekly).getByText('None yet')).toBeTruthy();
    expect(within(weekly).getByText(/cannot be reached/)).toBeTruthy();
  });

  it('shows running work with progress, follows work events, and cancels', async () => {
    const { api } = renderWithApi(<DashboardScreen />, new FakeApi({ 'dashboard.get': () => dashboard(), 'work.cancel': () => ({ cancelled: true }) }));
    const bar = (await screen.findByRole('progressbar', { name: /Backing up shop \(nightly\)/ })) as HTMLProgressElement;
    expect(bar.value).toBe(500_000_000);
    expect(bar.max).toBe(1_000_000_000);
    expect(screen.getByText('500 MB of 1.0 GB · 50 MB/s · less than a minute left')).toBeTruthy();

    api.emit('work', { work: [workItem({ step: 'Uploading to b2', progress: { phase: 'dumping', bytes: 900_000_000, totalBytes: 1_000_000_000, bytesPerSecond: 40_000_000, etaSeconds: 150 } })] });
    await screen.findByText(/Uploading to b2/);
    expect(screen.getByText('900 MB of 1.0 GB · 40 MB/s · about 3 min left')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /Cancel: Backing up shop/ }));
    await waitFor(() => expect(api.requests('work.cancel')).toEqual([{ id: 'w-1' }]));

    api.emit('work', { work: [] });
    await screen.findByText('Nothing is running.');
  });

  it('starts a backup now', async () => {
    const { api } = renderWithApi(<DashboardScreen />, new FakeApi({ 'dashboard.get': () => dashboard({ work: [] }), 'jobs.runNow': () => ({ queued: true }) }));
    const nightly = await screen.findByRole('article', { name: 'nightly' });
    fireEvent.click(within(nightly).getByRole('button', { name: 'Back up now' }));
    await within(nightly).findByText(/The backup is starting/);
    expect(api.requests('jobs.runNow')).toEqual([{ name: 'nightly' }]);
  });

  it('nags about the recovery kit until it is confirmed, and shows paused schedules', async () => {
    const api = new FakeApi({
      'dashboard.get': () => dashboard({ recoveryKitSaved: false, pausedUntil: '9999-12-31T00:00:00.000Z' }),
      'jobs.list': () => ({ jobs: [jobView()] }),
      'recoveryKit.confirmSaved': () => ({ saved: true }),
      'settings.set': () => ({ settings: { theme: 'system', startAtLogin: false, metricsFile: null, pausedUntil: null, recoveryKitSaved: true } }),
    });
    renderWithApi(<DashboardScreen />, api);
    const kit = await screen.findByRole('status', { name: 'Print the recovery kit' });
    fireEvent.click(within(kit).getByRole('button', { name: 'I have printed or saved it' }));
    const encryption = jobView().config.encryption as { recipients: string[] };
    await waitFor(() => expect(api.requests('recoveryKit.confirmSaved')).toEqual([{ recipient: encryption.recipients[0] }]));

    const paused = screen.getByRole('status', { name: 'Scheduled backups are paused until you resume them' });
    fireEvent.click(within(paused).getByRole('button', { name: 'Resume now' }));
    await waitFor(() => expect(api.requests('settings.set')).toEqual([{ pausedUntil: null }]));
  });

  it('reloads when the core says something changed', async () => {
    let calls = 0;
    const api = new FakeApi({ 'dashboard.get': () => dashboard({ jobs: [jobCard({ statusText: `load ${++calls}` })] }) });
    renderWithApi(<DashboardScreen />, api);
    await screen.findByText('load 1');
    api.emit('changed', { what: 'backups' });
    await screen.findByText('load 2');
  });

  it('charts the last 30 days, with the numbers also as a table', async () => {
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString();
    const chart = [
      { date: yesterday, job: 'nightly', database: 'shop', storedBytes: 2_000_000_000, durationSeconds: 300 },
      { date: yesterday, job: 'nightly', database: 'crm', storedBytes: 500_000_000, durationSeconds: 60 },
      { date: '2000-01-01T00:00:00.000Z', job: 'nightly', database: 'shop', storedBytes: 1, durationSeconds: 1 },
    ];
    renderWithApi(<DashboardScreen />, new FakeApi({ 'dashboard.get': () => dashboard({ chart, work: [] }) }));
    expect(await screen.findByText('Size stored per day')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Backups per day, last 30 days' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2); // header + yesterday; the old point is outside the window
    expect(within(rows[1]!).getByText('2')).toBeTruthy();
    expect(within(rows[1]!).getByText('2.5 GB')).toBeTruthy();
    expect(within(rows[1]!).getByText('6 min')).toBeTruthy();
  });

  it('offers the guided setup when there are no jobs', async () => {
    renderWithApi(<DashboardScreen />, new FakeApi({ 'dashboard.get': () => dashboard({ jobs: [], work: [] }) }));
    const link = await screen.findByRole('link', { name: 'Start the guided setup' });
    expect(link.getAttribute('href')).toBe('#/welcome');
  });
});
