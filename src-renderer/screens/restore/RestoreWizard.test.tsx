// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../../src-shared/api';
import { compactDate } from '../../format/time';
import { apiError, FakeApi } from '../../test/fake-api';
import { backup, jobView, workItem } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { suggestRestoreName } from './restore-draft';
import { RestoreWizard } from './RestoreWizard';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function click(name: RegExp | string) {
  fireEvent.click(screen.getByRole('button', { name }));
}

const today = compactDate(new Date());

describe('Restore wizard', () => {
  it('suggests <db>_restored_<YYYYMMDD>, within PostgreSQL’s 63 bytes', () => {
    expect(suggestRestoreName('shop', new Date(2030, 0, 5))).toBe('shop_restored_20300105');
    const long = suggestRestoreName('x'.repeat(80), new Date(2030, 0, 5));
    expect(long.endsWith('_restored_20300105')).toBe(true);
    expect(long.length).toBe(63);
  });

  it('prefills from the job, sends the right request and reports row counts', async () => {
    const restore = deferred<ApiResponse<'backups.restore'>>();
    const api = new FakeApi({
      'backups.get': ({ id }) => ({ backup: backup({ id }) }),
      'jobs.get': () => ({ job: jobView() }),
      'backups.restore': () => restore.promise,
      'work.cancel': () => ({ cancelled: true }),
    });
    renderWithApi(<RestoreWizard backupId="bk-0001" />, api);

    const name = (await screen.findByLabelText(/^Name of the new database/)) as HTMLInputElement;
    await waitFor(() => expect(name.value).toBe(`shop_restored_${today}`));
    expect((screen.getByLabelText(/^Server/) as HTMLInputElement).value).toBe('db.office.lan');
    expect((screen.getByLabelText(/^Port/) as HTMLInputElement).value).toBe('5433');
    expect((screen.getByLabelText(/^User name/) as HTMLInputElement).value).toBe('backup');
    expect((screen.getByLabelText('Connection encryption (SSL)') as HTMLSelectElement).value).toBe('require');

    // The original name is refused: restores only go into a new database.
    fireEvent.change(name, { target: { value: 'shop' } });
    click('Continue');
    expect(await screen.findByText(/is the original database’s name/)).toBeTruthy();
    fireEvent.change(name, { target: { value: 'shop_check' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'pw' } });
    click('Continue');

    await screen.findByRole('heading', { name: 'Options' });
    fireEvent.click(screen.getByLabelText('Do not restore ownership (no owner)'));
    click('Continue');

    await screen.findByRole('heading', { name: 'Check and start' });
    const summary = document.querySelector('.confirm-summary')!.textContent!;
    expect(summary).toContain('create a new database shop_check on db.office.lan:5433');
    expect(summary).toContain('Ownership is not restored');
    click('Start the restore');

    await waitFor(() =>
      expect(api.requests('backups.restore')).toEqual([
        { id: 'bk-0001', target: { host: 'db.office.lan', port: 5433, user: 'backup', password: 'pw', sslmode: 'require', database: 'shop_check' }, noOwner: true },
      ]),
    );

    // Progress comes from work events; Cancel targets that work item.
    api.emit('work', { work: [workItem({ id: 'w-restore', kind: 'restore', database: 'shop', backupId: 'bk-0001', step: 'Restoring' })] });
    const bar = (await screen.findByRole('progressbar', { name: 'Restore progress' })) as HTMLProgressElement;
    expect(bar.value).toBe(500_000_000);
    click('Cancel the restore');
    await waitFor(() => expect(api.requests('work.cancel')).toEqual([{ id: 'w-restore' }]));

    restore.resolve({
      report: {
        backupId: 'bk-0001',
        database: 'shop',
        targetDatabase: 'shop_check',
        durationMs: 95_000,
        bytesRead: 1_000_000,
        tablesChecked: 12,
        mismatches: [{ schema: 'public', table: 'orders', expected: 120, actual: 118 }],
        warnings: [],
      },
    });
    await screen.findByRole('heading', { name: 'Restore finished' });
    expect(screen.getByText('1 min 35 s')).toBeTruthy();
    expect(screen.getByText('1 of 12 tables differs from the backup.')).toBeTruthy();
    const row = screen.getByRole('rowheader', { name: 'public.orders' }).closest('tr')!;
    expect(within(row).getByText('120')).toBeTruthy();
    expect(within(row).getByText('118')).toBeTruthy();
    const connection = (screen.getByLabelText('Connection string (no password in it)') as HTMLInputElement).value;
    expect(connection).toBe('postgresql://backup@db.office.lan:5433/shop_check?sslmode=require');
    expect(connection).not.toContain('pw');
    expect(screen.getByRole('button', { name: 'Copy connection string' })).toBeTruthy();
  });

  it('shows why a restore failed and goes back to change the target', async () => {
    const api = new FakeApi({
      'backups.get': ({ id }) => ({ backup: backup({ id }) }),
      'jobs.get': () => ({ job: jobView() }),
      'backups.restore': () => {
        throw apiError('TARGET_DB_EXISTS', 'A database named shop_restored already exists on db.office.lan.', 'Restore into a new name (for example add _restored and the date).');
      },
    });
    renderWithApi(<RestoreWizard backupId="bk-0001" />, api);
    await screen.findByLabelText(/^Name of the new database/);
    click('Continue');
    await screen.findByRole('heading', { name: 'Options' });
    click('Continue');
    click('Start the restore');
    const panel = await screen.findByRole('alert');
    expect(panel.textContent).toContain('The target database already exists');
    expect(panel.textContent).toContain('Restore into a new name');
    click('Change the settings and try again');
    expect(await screen.findByRole('heading', { name: 'Restore into a new database' })).toBeTruthy();
  });

  it('asks for the secret key when the job keeps only public keys', async () => {
    const job = jobView({ encryption: { kind: 'public-key', recipients: ['age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq'] } });
    const api = new FakeApi({ 'backups.get': ({ id }) => ({ backup: backup({ id }) }), 'jobs.get': () => ({ job }), 'backups.restore': () => new Promise(() => undefined) });
    renderWithApi(<RestoreWizard backupId="bk-0001" />, api);
    await screen.findByLabelText(/^Name of the new database/);
    click('Continue');
    await screen.findByRole('heading', { name: 'Options' });
    click('Continue');
    expect(await screen.findByText(/This job keeps no secret key on this computer/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('A secret key (from the recovery kit)'));
    fireEvent.change(screen.getByLabelText('Secret key'), { target: { value: 'AGE-SECRET-KEY-1QQQQQQ' } });
    click('Continue');
    click('Start the restore');
    await waitFor(() => expect(api.requests('backups.restore')[0]?.keys).toEqual({ identity: 'AGE-SECRET-KEY-1QQQQQQ' }));
  });
});
