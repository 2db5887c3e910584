// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../../src-shared/api';
import { FakeApi } from '../../test/fake-api';
import { backup, jobView } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { HistoryScreen } from './HistoryScreen';
import { TYPING_DELAY_MS } from './HistoryFilters';

/** A catalog of `total` backups; each row's database names its position, so pages are visible. */
function catalogApi(total: number): FakeApi {
  return new FakeApi({
    'backups.list': (filter: ApiRequest<'backups.list'>) => {
      const offset = filter.offset ?? 0;
      const limit = filter.limit ?? 100;
      const count = Math.max(0, Math.min(limit, total - offset));
      return { total, rows: Array.from({ length: count }, (_, i) => backup({ id: `bk-${offset + i}`, database: `db${offset + i}` })) };
    },
    'jobs.list': () => ({ jobs: [jobView()] }),
    'destinations.list': () => ({ destinations: [{ name: 'nas', kind: 'folder', where: '/mnt/nas', id: 'folder:/mnt/nas', objectLockDays: null }] }),
  });
}

// jsdom lays nothing out; give the scrolling area a height so the virtualiser renders a window.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeEach(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('history-scroll') ? 520 : 0;
    },
  });
});
afterEach(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

describe('History', () => {
  it('asks for the first page of 100 with the filter from the address', async () => {
    const { api } = renderWithApi(<HistoryScreen query={{ job: 'nightly' }} />, catalogApi(250));
    await screen.findByText('250 backups');
    expect(api.requests('backups.list')[0]).toEqual({ job: 'nightly', offset: 0, limit: 100 });
    expect(await screen.findByText('db0')).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Backups' }).getAttribute('aria-rowcount')).toBe('251');
    // Only a window of rows exists in the page, not all 100 of the first page.
    expect(screen.getAllByRole('row').length).toBeLessThan(40);
    // The copy is shown with the destination's name, not its id.
    expect(screen.getAllByText('nas: copy in place').length).toBeGreaterThan(0);
  });

  it('fetches the pages the table scrolls to', async () => {
    const { api } = renderWithApi(<HistoryScreen query={{}} />, catalogApi(100_000));
    await screen.findByText('db0');
    const scroller = document.querySelector('.history-scroll') as HTMLElement;
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 52 * 250 });
    fireEvent.scroll(scroller);
    await screen.findByText('db250');
    const offsets = api.requests('backups.list').map((r) => r.offset);
    expect(offsets).toContain(200);
    expect(offsets).not.toContain(1000);
    expect(api.requests('backups.list').every((r) => r.limit === 100)).toBe(true);
  });

  it('sends the filters and starts again from the first page', async () => {
    const { api } = renderWithApi(<HistoryScreen query={{}} />, catalogApi(5));
    await screen.findByText('db0');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    fireEvent.change(screen.getByLabelText('Destination'), { target: { value: 'nas' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2030-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2030-01-31' } });
    await waitFor(() => expect(api.requests('backups.list').at(-1)).toMatchObject({ status: 'failed', destination: 'nas', offset: 0, limit: 100 }));
    const last = api.requests('backups.list').at(-1)!;
    expect(new Date(last.from!).getDate()).toBe(1);
    expect(new Date(last.to!).getTime() - new Date(last.from!).getTime()).toBeGreaterThanOrEqual(30 * 24 * 3600_000);

    // Typing waits for a pause before asking.
    const before = api.requests('backups.list').length;
    fireEvent.change(screen.getByLabelText('Database'), { target: { value: 'sh' } });
    fireEvent.change(screen.getByLabelText('Database'), { target: { value: 'shop' } });
    expect(api.requests('backups.list')).toHaveLength(before);
    await act(() => new Promise((r) => setTimeout(r, TYPING_DELAY_MS + 50)));
    await waitFor(() => expect(api.requests('backups.list').at(-1)).toMatchObject({ database: 'shop', status: 'failed', offset: 0 }));
    expect(api.requests('backups.list').filter((r) => r.database === 'sh')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(api.requests('backups.list').at(-1)).toEqual({ offset: 0, limit: 100 }));
  });

  it('verifies a backup and shows what was proven', async () => {
    const api = catalogApi(3).set('backups.verify', ({ id }) => ({
      report: { backupId: id, label: id, storedBytes: 1_000_000, dumpBytes: 2_000_000, sha256: 'a'.repeat(64), hashChecked: true, tocEntries: 40, tableDataEntries: 12, tables: 12 },
      contents: null,
    }));
    renderWithApi(<HistoryScreen query={{}} />, api);
    await screen.findByText('db1');
    fireEvent.click(screen.getByRole('button', { name: /^Verify db1 from/ }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('The backup is readable and complete.');
    expect(within(dialog).getByText(/40 entries, 12 with table data/)).toBeTruthy();
    expect(api.requests('backups.verify')).toEqual([{ id: 'bk-1' }]);
  });

  it('opens the restore wizard and the details drawer from a row', async () => {
    const api = catalogApi(3).set('backups.get', ({ id }) => ({
      backup: backup({ id, database: 'db2', status: 'failed', error: { code: 'PG_PERMISSION_DENIED', message: 'backup is not allowed to read table public.salaries.' }, copies: [] }),
    }));
    renderWithApi(<HistoryScreen query={{}} />, api);
    await screen.findByText('db2');
    fireEvent.click(screen.getByRole('button', { name: /^Details of db2/ }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('backup is not allowed to read table public.salaries.')).toBeTruthy();
    expect(within(drawer).getByText('Permission denied in PostgreSQL')).toBeTruthy();
    fireEvent.keyDown(drawer, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: /^Restore db0 from/ }));
    expect(window.location.hash).toBe('#/restore/bk-0');
  });
});
