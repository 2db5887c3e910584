// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiResponse, PreflightCheck } from '../../../src-shared/api';
import type { ArchiveContents } from '../../../src-shared/types';
import { compactDate } from '../../format/time';
import { apiError, FakeApi, type Handlers } from '../../test/fake-api';
import { backup, jobView, workItem } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { suggestRestoreName, tableKey } from './restore-draft';
import { RestoreWizard } from './RestoreWizard';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

function click(name: RegExp | string) {
  fireEvent.click(screen.getByRole('button', { name }));
}

const today = compactDate(new Date());

const contents: ArchiveContents = {
  tables: [
    { schema: 'public', table: 'orders', rows: 120 },
    { schema: 'public', table: 'customers', rows: 30 },
    { schema: 'sales', table: 'Notes', rows: 4 },
  ],
  schemas: ['public', 'sales'],
  extensions: ['pgcrypto'],
  owners: ['clerk', 'postgres'],
  hasGlobals: true,
  serverVersion: '16.4',
};

const verified: ApiResponse<'backups.verify'> = {
  report: { backupId: 'bk-0001', label: 'shop', storedBytes: 1_000_000, dumpBytes: 2_000_000, sha256: 'a'.repeat(64), hashChecked: true, tocEntries: 40, tableDataEntries: 3, tables: 3 },
  contents,
};

const okChecks: PreflightCheck[] = [
  { check: 'Server version', level: 'ok', detail: 'PostgreSQL 16.4.' },
  { check: 'Owners', level: 'warning', detail: 'These roles own objects in the backup but do not exist on this server: clerk.', fix: 'Tick "no owner".' },
];

function wizardApi(extra: Handlers = {}): FakeApi {
  return new FakeApi({
    'backups.get': ({ id }) => ({ backup: backup({ id }) }),
    'jobs.get': () => ({ job: jobView() }),
    'backups.verify': () => verified,
    'backups.preflight': () => ({ checks: okChecks, serverVersion: '16.4', canStart: true }),
    'restore.keptList': () => ({ kept: [], unreachable: [] }),
    'work.cancel': () => ({ cancelled: true }),
    ...extra,
  });
}

/** From History: the check runs by itself; Continue leads to "Where to restore". */
async function throughCheck(api: FakeApi) {
  renderWithApi(<RestoreWizard backupId="bk-0001" />, api);
  await screen.findByText(/All 1.0 MB match the checksum/);
  expect(screen.getByText(/holds 3 tables in 2 schemas, 154 rows in all, and uses pgcrypto/)).toBeTruthy();
  click('Continue');
  await screen.findByRole('heading', { name: 'Where to restore' });
}

describe('Restore wizard', () => {
  it('suggests <db>_restored_<YYYYMMDD>, within PostgreSQL’s 63 bytes', () => {
    expect(suggestRestoreName('shop', new Date(2030, 0, 5))).toBe('shop_restored_20300105');
    const long = suggestRestoreName('x'.repeat(80), new Date(2030, 0, 5));
    expect(long.endsWith('_restored_20300105')).toBe(true);
    expect(long.length).toBe(63);
    expect(tableKey('sales', 'Odd"Name')).toBe('"sales"."Odd""Name"');
  });

  it('checks, then restores chosen tables into a new database and reports every table against the backup', async () => {
    const restore = deferred<ApiResponse<'backups.restore'>>();
    const api = wizardApi({ 'backups.restore': () => restore.promise });
    await throughCheck(api);
    expect(api.requests('backups.verify')).toEqual([{ id: 'bk-0001' }]);

    const name = screen.getByLabelText(/^Name of the new database/) as HTMLInputElement;
    expect(name.value).toBe(`shop_restored_${today}`);
    expect((screen.getByLabelText(/^Server/) as HTMLInputElement).value).toBe('db.office.lan');
    // The original name is refused for a new database.
    fireEvent.change(name, { target: { value: 'shop' } });
    click('Continue');
    expect(await screen.findByText(/is the original database’s name/)).toBeTruthy();
    fireEvent.change(name, { target: { value: 'shop_check' } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'pw' } });
    click('Continue');

    await screen.findByRole('heading', { name: 'What to restore' });
    fireEvent.click(screen.getByLabelText('Chosen tables'));
    click('Continue');
    expect(await screen.findByText('Tick at least one table, or choose “Everything”.')).toBeTruthy();
    fireEvent.click(screen.getByLabelText(/^public\.orders/));
    fireEvent.click(screen.getByLabelText('All of schema sales'));
    expect(screen.getByText('Tables to restore (2 chosen)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Parallel jobs/), { target: { value: '4' } });
    click('Continue');

    await screen.findByRole('heading', { name: 'Check and start' });
    const checks = await screen.findByRole('list', { name: 'Checks before the restore' });
    expect(checks.textContent).toContain('clerk');
    const expected = { id: 'bk-0001', target: { host: 'db.office.lan', port: 5433, user: 'backup', password: 'pw', sslmode: 'require', database: 'shop_check' }, mode: 'new', noOwner: false, tables: ['"public"."orders"', '"sales"."Notes"'], jobs: 4 };
    expect(api.requests('backups.preflight')).toEqual([expected]);
    // Owners missing on the server: one click restores without them, and the server is asked again.
    click('Restore without owners');
    expected.noOwner = true;
    await waitFor(() => expect(api.requests('backups.preflight')).toEqual([{ ...expected, noOwner: false }, expected]));
    const summary = document.querySelector('.confirm-summary')!.textContent!;
    expect(summary).toContain('create a new database shop_check on db.office.lan:5433');
    expect(summary).toContain('2 chosen tables');
    click('Start the restore');
    await waitFor(() => expect(api.requests('backups.restore')).toEqual([expected]));

    api.emit('work', { work: [workItem({ id: 'w-restore', kind: 'restore', database: 'shop', backupId: 'bk-0001', step: 'Restoring' })] });
    const bar = (await screen.findByRole('progressbar', { name: 'Restore progress' })) as HTMLProgressElement;
    expect(bar.value).toBe(500_000_000);
    click('Cancel the restore');
    await waitFor(() => expect(api.requests('work.cancel')).toEqual([{ id: 'w-restore' }]));

    restore.resolve({
      report: { backupId: 'bk-0001', database: 'shop', targetDatabase: 'shop_check', durationMs: 95_000, bytesRead: 1_000_000, tablesChecked: 2, mismatches: [{ schema: 'public', table: 'orders', expected: 120, actual: 118 }], warnings: [] },
      mode: 'new',
      keptAs: null,
      roles: null,
    });
    await screen.findByRole('heading', { name: 'Restore finished' });
    expect(screen.getByText('1 min 35 s')).toBeTruthy();
    expect(screen.getByText('1 of 2 tables differs from the backup.')).toBeTruthy();
    const orders = screen.getByRole('rowheader', { name: 'public.orders' }).closest('tr')!;
    expect([...orders.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['120', '118']);
    const notes = screen.getByRole('rowheader', { name: 'sales.Notes' }).closest('tr')!;
    expect([...notes.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['4', '4']);
    expect(screen.queryByRole('rowheader', { name: 'public.customers' })).toBeNull();
    const connection = (screen.getByLabelText('Connection string (no password in it)') as HTMLInputElement).value;
    expect(connection).toBe('postgresql://backup@db.office.lan:5433/shop_check?sslmode=require');
  });

  it('replaces only after the database name is typed, then offers to delete the kept old database', async () => {
    const api = wizardApi({
      'backups.restore': () => ({
        report: { backupId: 'bk-0001', database: 'shop', targetDatabase: 'shop', durationMs: 5_000, bytesRead: 1_000_000, tablesChecked: 3, mismatches: [], warnings: [] },
        mode: 'replace',
        keptAs: 'shop_before_restore_20300101_020000',
        roles: null,
      }),
      'restore.keptDrop': ({ name }) => ({ dropped: name }),
    });
    await throughCheck(api);
    fireEvent.click(screen.getByLabelText('Replace the existing database'));
    expect((screen.getByLabelText(/^Database to replace/) as HTMLInputElement).value).toBe('shop');
    click('Continue');
    await screen.findByRole('heading', { name: 'What to restore' });
    expect(screen.getByText('Replacing restores the whole backup.')).toBeTruthy();
    click('Continue');

    await screen.findByRole('heading', { name: 'Check and start' });
    const start = screen.getByRole('button', { name: 'Replace shop' }) as HTMLButtonElement;
    await waitFor(() => expect(api.requests('backups.preflight')).toHaveLength(1));
    expect(api.requests('backups.preflight')[0]).toMatchObject({ mode: 'replace', target: { database: 'shop' } });
    expect(api.requests('backups.preflight')[0]).not.toHaveProperty('confirm');
    expect(start.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/^Type shop to confirm/), { target: { value: 'Shop' } });
    expect(await screen.findByText('That is not “shop”.')).toBeTruthy();
    expect(start.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/^Type shop to confirm/), { target: { value: 'shop' } });
    await waitFor(() => expect(start.disabled).toBe(false));
    click('Replace shop');
    await waitFor(() => expect(api.requests('backups.restore')[0]).toMatchObject({ mode: 'replace', confirm: 'shop', target: { database: 'shop' } }));

    await screen.findByText('Replaced shop with the backup');
    expect(screen.getByText('shop_before_restore_20300101_020000')).toBeTruthy();
    click('Delete shop_before_restore_20300101_020000');
    const dialog = await screen.findByRole('alertdialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete for good' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText(/^Type shop_before_restore_20300101_020000 to confirm/), { target: { value: 'shop_before_restore_20300101_020000' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(api.requests('restore.keptDrop')).toEqual([{ server: 'backup@db.office.lan:5433', name: 'shop_before_restore_20300101_020000', confirm: 'shop_before_restore_20300101_020000' }]));
    expect(await screen.findByText('shop_before_restore_20300101_020000 was deleted.')).toBeTruthy();
  });

  it('a blocker found on the server keeps Start disabled and says what to do', async () => {
    const api = wizardApi({
      'backups.preflight': () => ({ checks: [{ check: 'Server version', level: 'blocker', detail: 'This server runs PostgreSQL 13.2; the backup comes from PostgreSQL 16.4.', fix: 'Restore onto a server running PostgreSQL 16 or newer.' }], serverVersion: '13.2', canStart: false }),
    });
    await throughCheck(api);
    click('Continue');
    await screen.findByRole('heading', { name: 'What to restore' });
    click('Continue');
    expect(await screen.findByText(/Restore onto a server running PostgreSQL 16 or newer/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Start the restore' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows why a restore failed and goes back to change the target', async () => {
    const api = wizardApi({
      'backups.restore': () => {
        throw apiError('TARGET_DB_EXISTS', 'A database named shop_restored already exists on db.office.lan.', 'Restore into a new name (for example add _restored and the date).');
      },
    });
    await throughCheck(api);
    click('Continue');
    await screen.findByRole('heading', { name: 'What to restore' });
    click('Continue');
    await screen.findByRole('heading', { name: 'Check and start' });
    await waitFor(() => expect((screen.getByRole('button', { name: 'Start the restore' }) as HTMLButtonElement).disabled).toBe(false));
    click('Start the restore');
    const panel = await screen.findByRole('alert');
    expect(panel.textContent).toContain('The target database already exists');
    expect(screen.getByText('Nothing was left behind: a restore that fails removes the database it created.')).toBeTruthy();
    click('Change the settings and try again');
    expect(await screen.findByRole('heading', { name: 'Where to restore' })).toBeTruthy();
  });

  it('asks for the secret key when the job keeps only public keys, and checks with it', async () => {
    const job = jobView({ encryption: { kind: 'public-key', recipients: ['age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq'] } });
    const api = wizardApi({ 'jobs.get': () => ({ job }) });
    renderWithApi(<RestoreWizard backupId="bk-0001" />, api);
    await screen.findByRole('heading', { name: 'Check the backup' });
    expect(api.requests('backups.verify')).toEqual([]);
    expect(screen.queryByLabelText('The key saved on this computer')).toBeNull();
    expect((screen.getByLabelText('A secret key (from the recovery kit)') as HTMLInputElement).checked).toBe(true);
    click('Check with this key');
    expect(await screen.findByText('Paste the whole secret key: one line starting with AGE-SECRET-KEY-1.')).toBeTruthy();
    expect(api.requests('backups.verify')).toEqual([]);
    fireEvent.change(screen.getByLabelText('Secret key'), { target: { value: 'AGE-SECRET-KEY-1QQQQQQ' } });
    click('Check with this key');
    await screen.findByText(/All 1.0 MB match the checksum/);
    expect(api.requests('backups.verify')).toEqual([{ id: 'bk-0001', keys: { identity: 'AGE-SECRET-KEY-1QQQQQQ' } }]);
  });

  it('a wrong saved key: the check explains and offers to type another key; nothing further is possible', async () => {
    const api = wizardApi({
      'backups.verify': ({ keys }) => {
        if (!keys) throw apiError('DECRYPT_WRONG_KEY', 'The key saved on this computer does not open backup bk-0001.', 'Give the secret key from the recovery kit.');
        return verified;
      },
    });
    renderWithApi(<RestoreWizard backupId="bk-0001" />, api);
    expect((await screen.findByRole('alert')).textContent).toContain('does not open backup bk-0001');
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
    fireEvent.click(screen.getByLabelText('A passphrase'));
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'horse' } });
    click('Check with this key');
    await screen.findByText(/All 1.0 MB match the checksum/);
  });

  it('opens a backup file made by the old scripts and goes on to check it', async () => {
    const imported = backup({ id: 'imp-1', job: 'imported', database: 'shop', encryptionKind: 'none' });
    const opened = deferred<ApiResponse<'backups.openFile'>>();
    const api = wizardApi({
      'backups.openFile': () => opened.promise,
      'backups.get': () => ({ backup: imported }),
      'jobs.get': () => {
        throw apiError('BAD_INPUT', 'No job named imported.');
      },
    });
    renderWithApi(<RestoreWizard backupId={null} />, api);
    await screen.findByRole('heading', { name: 'Which backup?' });
    fireEvent.click(screen.getByLabelText('Open a backup file'));
    fireEvent.change(screen.getByLabelText(/^Path of the backup file/), { target: { value: '/mnt/old/shop_20240115.sql.gz' } });
    click('Open the file');
    // While the file is read: its progress, from the work item the core publishes.
    api.emit('work', { work: [workItem({ id: 'w-read', kind: 'verify', job: 'imported', database: null, backupId: null, step: 'Reading shop_20240115.sql.gz' })] });
    expect(((await screen.findByRole('progressbar', { name: 'Reading the file' })) as HTMLProgressElement).value).toBe(500_000_000);
    opened.resolve({ backup: imported, how: 'imported' });
    expect(await screen.findByText(/Read \/mnt\/old\/shop_20240115\.sql\.gz to its end and checked it/)).toBeTruthy();
    expect(api.requests('backups.openFile')).toEqual([{ path: '/mnt/old/shop_20240115.sql.gz' }]);
    expect((document.getElementById('backup-imp-1') as HTMLInputElement).checked).toBe(true);
    click('Continue');
    await screen.findByRole('heading', { name: 'Check the backup' });
  });

  it('in the desktop app, "Choose a file…" opens the native dialog and fills in the path', async () => {
    const api = wizardApi();
    renderWithApi(<RestoreWizard backupId={null} />, api, { pickFile: async () => '/media/usb/shop.dump.zst.age' });
    await screen.findByRole('heading', { name: 'Which backup?' });
    fireEvent.click(screen.getByLabelText('Open a backup file'));
    click('Choose a file…');
    await waitFor(() => expect((screen.getByLabelText(/^Path of the backup file/) as HTMLInputElement).value).toBe('/media/usb/shop.dump.zst.age'));
  });

  it('an imported Fernet file: asks for its key, then restores it whole into a new database only', async () => {
    const imported = backup({ id: 'imp-2', job: 'imported', encryptionKind: 'fernet', files: [{ role: 'dump', name: 'shop.sql.gz.enc', size: 1_000_000, sha256: 'b'.repeat(64) }] });
    const api = wizardApi({
      'backups.get': () => ({ backup: imported }),
      'jobs.get': () => {
        throw apiError('BAD_INPUT', 'No job named imported.');
      },
      'backups.verify': () => ({ report: { ...verified.report, backupId: 'imp-2' }, contents: null }),
      'backups.restore': () => ({ report: { backupId: 'imp-2', database: 'shop', targetDatabase: 'shop_restored', durationMs: 1000, bytesRead: 1_000_000, tablesChecked: 2, mismatches: [], warnings: [] }, mode: 'new', keptAs: null, roles: null }),
    });
    renderWithApi(<RestoreWizard backupId="imp-2" />, api);
    await screen.findByRole('heading', { name: 'Check the backup' });
    expect((screen.getByLabelText('The Fernet key of the backup script') as HTMLInputElement).checked).toBe(true);
    click('Check with this key');
    expect(await screen.findByText('Paste the Fernet key the backup script used (its ENCRYPTION_KEY).')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Fernet key'), { target: { value: 'k'.repeat(43) + '=' } });
    click('Check with this key');
    await screen.findByText(/All 1.0 MB match the checksum/);
    expect(api.requests('backups.verify')).toEqual([{ id: 'imp-2', keys: { fernetKey: 'k'.repeat(43) + '=' } }]);
    click('Continue');
    await screen.findByRole('heading', { name: 'Where to restore' });
    expect(screen.queryByLabelText('Replace the existing database')).toBeNull();
    expect(screen.getByText(/made without Lifeboat \(imported\), so it is restored whole into a new database/)).toBeTruthy();
    // No job to take the server from: the admin types it.
    fireEvent.change(screen.getByLabelText(/^Server/), { target: { value: 'db.office.lan' } });
    fireEvent.change(screen.getByLabelText(/^User name/), { target: { value: 'postgres' } });
    click('Continue');
    await screen.findByRole('heading', { name: 'What to restore' });
    expect(screen.queryByLabelText('Chosen tables')).toBeNull();
    expect(screen.queryByLabelText(/^Parallel jobs/)).toBeNull();
    click('Continue');
    await screen.findByRole('heading', { name: 'Check and start' });
    await waitFor(() => expect((screen.getByRole('button', { name: 'Start the restore' }) as HTMLButtonElement).disabled).toBe(false));
    click('Start the restore');
    await waitFor(() => expect(api.requests('backups.restore')[0]).toMatchObject({ id: 'imp-2', mode: 'new', keys: { fernetKey: 'k'.repeat(43) + '=' } }));
    await screen.findByRole('heading', { name: 'Restore finished' });
  });

  it('browses a destination on a fresh install and lists what it found', async () => {
    const api = wizardApi({
      'destinations.browse': () => ({ found: 2, added: 2, merged: 0, incomplete: 0, skipped: [] }),
    });
    renderWithApi(<RestoreWizard backupId={null} />, api);
    await screen.findByRole('heading', { name: 'Which backup?' });
    fireEvent.click(screen.getByLabelText('Browse a destination'));
    fireEvent.change(screen.getByLabelText(/^Or a folder/), { target: { value: '/mnt/nas/lifeboat' } });
    click('Look in this folder');
    expect(await screen.findByText('Found 2 backups in /mnt/nas/lifeboat (2 new to this computer).')).toBeTruthy();
    expect(api.requests('destinations.browse')).toEqual([{ spec: '/mnt/nas/lifeboat' }]);
  });
});
