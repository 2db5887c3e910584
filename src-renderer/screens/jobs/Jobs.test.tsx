// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, FakeApi } from '../../test/fake-api';
import { jobView } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { JobEditorScreen } from './JobEditorScreen';
import { JobsScreen } from './JobsScreen';

function editorApi(): FakeApi {
  return new FakeApi({
    'jobs.get': () => ({ job: jobView() }),
    'destinations.list': () => ({
      destinations: [
        { name: 'nas', kind: 'folder', where: '/mnt/nas', id: 'folder:/mnt/nas', objectLockDays: null },
        { name: 'b2', kind: 's3', where: 'https://s3.us-west-004.backblazeb2.com/office/lifeboat/', id: 's3:b2', objectLockDays: 30 },
      ],
    }),
    'jobs.save': ({ config }) => ({ job: { ...jobView(), config: config as never, scheduleText: 'Every Monday at 02:00' } }),
  });
}

describe('Job editor', () => {
  it('edits a job and saves the whole configuration', async () => {
    const { api } = renderWithApi(<JobEditorScreen jobName="nightly" />, editorApi());
    const host = (await screen.findByLabelText(/^Server/)) as HTMLInputElement;
    expect(host.value).toBe('db.office.lan');

    fireEvent.change(screen.getByLabelText('How often'), { target: { value: 'weekly' } });
    await waitFor(() => expect(api.requests('schedule.preview').some((r) => r.schedule.spec.kind === 'weekly')).toBe(true));

    fireEvent.click(screen.getByLabelText(/^b2/));
    const b2 = screen.getByRole('group', { name: 'Keep in “b2”' });
    fireEvent.change(within(b2).getByLabelText('Daily'), { target: { value: '14' } });

    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByText(/Saved\. Every Monday at 02:00\./);
    const request = api.requests('jobs.save')[0]!;
    expect(request.create).toBe(false);
    expect(request.password).toBeUndefined();
    expect(request.config).toMatchObject({
      name: 'nightly',
      source: { host: 'db.office.lan', port: 5433, user: 'backup', sslmode: 'require', databases: { mode: 'list', names: ['shop'] } },
      schedule: { spec: { kind: 'weekly', day: 1, time: '02:00' }, timeZone: 'Europe/Berlin' },
      destinations: ['nas', 'b2'],
      retention: { nas: { daily: 7, weekly: 4, monthly: 6 }, b2: { daily: 14, weekly: 4, monthly: 6 } },
      encryption: { kind: 'x25519' },
    });
  });

  it('"Test connection" warns when the server is newer than every pg_dump found', async () => {
    const api = editorApi().set('connection.test', () => ({
      serverVersion: '18.1',
      toolVersion: '15.20',
      databases: ['shop'],
      warning: 'This server runs PostgreSQL 18.1; the newest pg_dump found is 15.20. Install PostgreSQL 18 client tools.',
    }));
    renderWithApi(<JobEditorScreen jobName="nightly" />, api);
    await screen.findByLabelText(/^Server/);
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Backups of this server will fail until newer PostgreSQL client tools are installed')).toBeTruthy();
    expect(screen.getByText(/Install PostgreSQL 18 client tools/)).toBeTruthy();
  });

  it('marks fields inline, from its own checks and from the core’s BAD_INPUT', async () => {
    const api = editorApi().set('jobs.save', () => {
      throw apiError('BAD_INPUT', 'The job’s source.host is not valid: db..lan is not a host name.', 'Correct that field and save again.', { field: 'config.source.host' });
    });
    renderWithApi(<JobEditorScreen jobName="nightly" />, api);
    const user = await screen.findByLabelText(/^User name/);
    fireEvent.change(user, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Enter the PostgreSQL user name Lifeboat should log in as.')).toBeTruthy();
    expect(user.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(user);
    expect(api.requests('jobs.save')).toHaveLength(0);

    fireEvent.change(user, { target: { value: 'backup' } });
    fireEvent.change(screen.getByLabelText(/^Server/), { target: { value: 'db..lan' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByLabelText(/^Server/).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText(/db\.\.lan is not a host name/).length).toBe(2); // under the field and in the panel
  });

  it('requires a passphrase typed twice when switching to one', async () => {
    const { api } = renderWithApi(<JobEditorScreen jobName="nightly" />, editorApi());
    await screen.findByLabelText(/^Server/);
    fireEvent.click(screen.getByLabelText('Passphrase', { selector: 'input[type="radio"]' }));
    fireEvent.change(screen.getByLabelText('Passphrase', { selector: 'input[type="password"]' }), { target: { value: 'correct horse battery staple' } });
    expect(screen.getByText('Strong.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Passphrase again'), { target: { value: 'correct horse battery stapl' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The two passphrases are not the same. Type it again.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Passphrase again'), { target: { value: 'correct horse battery staple' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.requests('jobs.save')[0]).toMatchObject({ passphrase: 'correct horse battery staple', config: { encryption: { kind: 'passphrase' } } }));
  });
});

describe('Job editor: restore drill', () => {
  it('shows the job’s drill, changes how often and where, and saves it with the job', async () => {
    const { api } = renderWithApi(<JobEditorScreen jobName="nightly" />, editorApi());
    await screen.findByLabelText(/^Server/);
    const drill = screen.getByRole('region', { name: 'Restore drill' });
    const enabled = within(drill).getByLabelText('Test-restore the latest backups on a schedule') as HTMLInputElement;
    expect(enabled.checked).toBe(true);
    const often = within(drill).getByLabelText('How often to test') as HTMLSelectElement;
    expect(often.value).toBe('weekly');
    expect(within(drill).getByText(/job’s time zone \(Europe\/Berlin\)/)).toBeTruthy();
    // Each sandbox says in one line what it does.
    expect(within(drill).getByText(/deleted afterwards\. Your database server is not touched\./)).toBeTruthy();
    expect(within(drill).getByText(/uses that server’s disk and CPU/)).toBeTruthy();

    fireEvent.change(often, { target: { value: 'daily' } });
    fireEvent.click(within(drill).getByLabelText('A temporary database on the job’s server'));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.requests('jobs.save')).toHaveLength(1));
    expect(api.requests('jobs.save')[0]!.config.drill).toEqual({ enabled: true, schedule: { kind: 'daily', time: '04:00' }, sandbox: 'source-server' });
  });

  it('turns drills off (hiding their settings), and keeps a schedule set from the command line', async () => {
    const api = editorApi().set('jobs.get', () => ({ job: jobView({ drill: { enabled: true, schedule: { kind: 'weekly', day: 6, time: '05:30' }, sandbox: 'local' } }) }));
    renderWithApi(<JobEditorScreen jobName="nightly" />, api);
    await screen.findByLabelText(/^Server/);
    const drill = screen.getByRole('region', { name: 'Restore drill' });
    expect((within(drill).getByLabelText('How often to test') as HTMLSelectElement).value).toBe('custom');

    fireEvent.click(within(drill).getByLabelText('Test-restore the latest backups on a schedule'));
    expect(within(drill).queryByLabelText('How often to test')).toBeNull();
    expect(within(drill).queryByRole('group', { name: 'Where to restore' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.requests('jobs.save')).toHaveLength(1));
    expect(api.requests('jobs.save')[0]!.config.drill).toEqual({ enabled: false, schedule: { kind: 'weekly', day: 6, time: '05:30' }, sandbox: 'local' });
  });

  it('shows the core’s complaint about the drill schedule under the drill', async () => {
    const api = editorApi().set('jobs.save', () => {
      throw apiError('BAD_INPUT', 'The restore drill schedule is not valid: The time "25:00" is not valid.', 'Write the time on a 24-hour clock.', { field: 'drill.schedule' });
    });
    renderWithApi(<JobEditorScreen jobName="nightly" />, api);
    await screen.findByLabelText(/^Server/);
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const drill = screen.getByRole('region', { name: 'Restore drill' });
    await waitFor(() => expect(within(drill).getByLabelText('How often to test').getAttribute('aria-invalid')).toBe('true'));
  });
});

describe('Jobs list', () => {
  it('tests, pauses and deletes a job, asking explicitly about its backups', async () => {
    const api = new FakeApi({
      'jobs.list': () => ({ jobs: [jobView()] }),
      'jobs.test': () => ({
        checks: [
          { check: 'Connection', ok: true, detail: 'PostgreSQL 16.4' },
          { check: 'Read permission', ok: false, detail: '1 table cannot be read', error: { code: 'PG_PERMISSION_DENIED', title: 'Permission denied in PostgreSQL', message: 'backup may not read public.salaries.', fix: 'GRANT SELECT ON public.salaries TO backup;' } },
        ],
      }),
      'jobs.setPaused': ({ name, paused }) => ({ name, paused }),
      'jobs.delete': ({ name }) => ({ removed: name, deletedCopies: 0 }),
    });
    renderWithApi(<JobsScreen />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Test nightly' }));
    expect(await screen.findByText('1 check failed')).toBeTruthy();
    expect(screen.getByText('GRANT SELECT ON public.salaries TO backup;')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Pause nightly' }));
    await waitFor(() => expect(api.requests('jobs.setPaused')).toEqual([{ name: 'nightly', paused: true }]));

    fireEvent.click(screen.getByRole('button', { name: 'Delete nightly' }));
    const dialog = await screen.findByRole('alertdialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete the job' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.click(within(dialog).getByLabelText('Keep them'));
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(api.requests('jobs.delete')).toEqual([{ name: 'nightly', backups: 'keep' }]));
    expect(await screen.findByText('Deleted “nightly”. Its backups were kept.')).toBeTruthy();
  });
});
