// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DestinationView } from '../../../src-shared/api';
import { apiError, FakeApi } from '../../test/fake-api';
import { renderWithApi } from '../../test/render';
import { FirstRunScreen } from './FirstRunScreen';

const RECIPIENT = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';

function type(label: RegExp | string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function click(name: RegExp | string) {
  fireEvent.click(screen.getByRole('button', { name }));
}

function fillConnection() {
  type(/^Server/, 'db.office.lan');
  type(/^User name/, 'backup');
  type(/^Password/, 's3cret');
}

function happyApi(): FakeApi {
  const saved: DestinationView[] = [];
  return new FakeApi({
    'connection.test': () => ({ serverVersion: '16.4', toolVersion: '16.4', databases: ['shop', 'crm'] }),
    'destinations.list': () => ({ destinations: [...saved] }),
    'destinations.save': (input) => {
      const destination: DestinationView = { name: input.name, kind: input.kind, where: input.kind === 'folder' ? input.path : 's3', id: `${input.kind}:x`, objectLockDays: null };
      saved.push(destination);
      return { destination, steps: ['Wrote a test file', 'Read it back', 'Deleted it'] };
    },
    'keys.generate': () => ({ recipient: RECIPIENT, recoveryKitUrl: '/kit/abc' }),
    'recoveryKit.confirmSaved': () => ({ saved: true }),
    'schedule.preview': ({ schedule }) => ({
      description: schedule.spec.kind === 'daily' ? `Every day at ${schedule.spec.time}` : `kind ${schedule.spec.kind}`,
      nextRuns: ['2030-01-01T02:00:00.000Z', '2030-01-02T02:00:00.000Z', '2030-01-03T02:00:00.000Z', '2030-01-04T02:00:00.000Z', '2030-01-05T02:00:00.000Z'],
    }),
    'jobs.save': ({ config }) => ({ job: { config: config as never, paused: false, createdAt: '2030-01-01T00:00:00Z', nextRuns: [], scheduleText: 'Every day' } }),
    'jobs.runNow': () => ({ queued: true }),
  });
}

async function passConnectStep() {
  fillConnection();
  click('Test connection');
  await screen.findByText(/Connected\./);
  click('Continue');
  await screen.findByRole('heading', { name: 'Choose the databases' });
}

describe('First run', () => {
  it('checks the connection fields before calling the core', async () => {
    const { api } = renderWithApi(<FirstRunScreen />, happyApi());
    click('Test connection');
    expect(await screen.findByText(/Enter the name or address of the computer PostgreSQL runs on/)).toBeTruthy();
    expect(screen.getByText(/Enter the PostgreSQL user name/)).toBeTruthy();
    expect(screen.getByLabelText(/^Server/).getAttribute('aria-invalid')).toBe('true');
    expect(api.requests('connection.test')).toHaveLength(0);
  });

  it('shows the cause and the fix when the connection fails', async () => {
    const api = happyApi().set('connection.test', () => {
      throw apiError('PG_AUTH_FAILED', 'Password authentication failed for user "backup".', 'Check the password, or the pg_hba.conf line for this computer.');
    });
    renderWithApi(<FirstRunScreen />, api);
    fillConnection();
    click('Test connection');
    const panel = await screen.findByRole('alert');
    expect(panel.textContent).toContain('PostgreSQL rejected the login');
    expect(panel.textContent).toContain('Password authentication failed for user "backup".');
    expect(panel.textContent).toContain('Check the password, or the pg_hba.conf line');
    expect(api.requests('connection.test')[0]).toEqual({ host: 'db.office.lan', port: 5432, user: 'backup', password: 's3cret', sslmode: 'prefer', database: 'postgres' });
    // No way forward until the connection works.
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
  });

  it('goes from nothing to a saved job and a running backup', async () => {
    const { api } = renderWithApi(<FirstRunScreen />, happyApi());
    await passConnectStep();

    // Databases: only shop.
    fireEvent.click(screen.getByLabelText('Only the databases I choose'));
    fireEvent.click(screen.getByLabelText('shop'));
    click('Continue');

    // Destination: a NAS folder, saved and tested.
    await screen.findByRole('heading', { name: 'Where should the backups go?' });
    click('Continue');
    expect(await screen.findByText('Choose at least one place to keep the backups.')).toBeTruthy();
    type('Folder (required)', '/mnt/nas/backups');
    click('Save and test');
    await screen.findByText('Read it back');
    expect(api.requests('destinations.save')[0]).toEqual({ kind: 'folder', name: 'nas', path: '/mnt/nas/backups' });
    click('Continue');

    // Encryption: key pair; the recovery kit must be confirmed.
    await screen.findByRole('heading', { name: 'Lock the backups' });
    click('Create the key pair');
    const kitLink = await screen.findByRole('link', { name: /Open recovery kit/ });
    expect(kitLink.getAttribute('href')).toBe('/kit/abc');
    expect(kitLink.getAttribute('target')).toBe('_blank');
    expect((screen.getByLabelText('Public key (safe to share)') as HTMLTextAreaElement).value).toBe(RECIPIENT);
    click('Continue');
    expect(await screen.findAllByText(/Without it nobody can restore these backups/)).not.toHaveLength(0);
    expect(screen.getByRole('heading', { name: 'Lock the backups' })).toBeTruthy();
    fireEvent.click(screen.getByLabelText('I have printed or saved the recovery kit'));
    await waitFor(() => expect(api.requests('recoveryKit.confirmSaved')).toEqual([{ recipient: RECIPIENT }]));
    await waitFor(() => expect((screen.getByLabelText('I have printed or saved the recovery kit') as HTMLInputElement).checked).toBe(true));
    click('Continue');

    // Schedule: daily at 02:00 by default; the preview follows a change.
    await screen.findByRole('heading', { name: 'When should Lifeboat back up?' });
    expect(await screen.findByText('Every day at 02:00')).toBeTruthy();
    expect(screen.getAllByRole('listitem').length).toBeGreaterThanOrEqual(5);
    type(/^At/, '03:30');
    expect(await screen.findByText('Every day at 03:30')).toBeTruthy();
    click('Continue');

    // Finish.
    await screen.findByRole('heading', { name: 'Ready to back up' });
    expect(screen.getByText(/shop on db\.office\.lan, as user backup/)).toBeTruthy();
    click('Save and back up now');
    await waitFor(() => expect(api.requests('jobs.runNow')).toEqual([{ name: 'office-backup' }]));
    const saved = api.requests('jobs.save')[0]!;
    expect(saved.create).toBe(true);
    expect(saved.password).toBe('s3cret');
    expect(saved.config).toMatchObject({
      name: 'office-backup',
      source: { host: 'db.office.lan', port: 5432, user: 'backup', sslmode: 'prefer', databases: { mode: 'list', names: ['shop'] } },
      schedule: { spec: { kind: 'daily', time: '03:30' }, catchUp: true },
      destinations: ['nas'],
      encryption: { kind: 'x25519', recipients: [RECIPIENT] },
      retention: { nas: { keepLast: 0, daily: 7, weekly: 4, monthly: 6, yearly: 0, minAgeDays: 0 } },
    });
    expect(saved.config.schedule.timeZone).toBeTruthy();
    await waitFor(() => expect(window.location.hash).toBe('#/dashboard'));
  });

  it('cannot leave the encryption step without confirming the recovery kit', async () => {
    const api = happyApi().set('destinations.list', () => ({ destinations: [{ name: 'nas', kind: 'folder', where: '/mnt/nas', id: 'folder:/mnt/nas', objectLockDays: null }] }));
    renderWithApi(<FirstRunScreen />, api);
    await passConnectStep();
    click('Continue');
    await screen.findByRole('heading', { name: 'Where should the backups go?' });
    fireEvent.click(await screen.findByLabelText(/^nas/));
    click('Continue');
    await screen.findByRole('heading', { name: 'Lock the backups' });
    click('Continue');
    expect(await screen.findByText('Create the key pair first.')).toBeTruthy();
    click('Create the key pair');
    await screen.findByRole('link', { name: /Open recovery kit/ });
    click('Continue');
    await screen.findAllByText(/Confirm that you have printed or saved the recovery kit/);
    expect(screen.queryByRole('heading', { name: 'When should Lifeboat back up?' })).toBeNull();
    expect(api.requests('recoveryKit.confirmSaved')).toHaveLength(0);
  });

  it('keeps the box unticked when the core cannot record the confirmation', async () => {
    const api = happyApi()
      .set('destinations.list', () => ({ destinations: [{ name: 'nas', kind: 'folder', where: '/mnt/nas', id: 'folder:/mnt/nas', objectLockDays: null }] }))
      .set('recoveryKit.confirmSaved', () => {
        throw apiError('SECRET_STORE_FAILED', 'The keychain is locked.', 'Unlock the keychain and tick the box again.');
      });
    renderWithApi(<FirstRunScreen />, api);
    await passConnectStep();
    click('Continue');
    fireEvent.click(await screen.findByLabelText(/^nas/));
    click('Continue');
    click('Create the key pair');
    await screen.findByRole('link', { name: /Open recovery kit/ });
    fireEvent.click(screen.getByLabelText('I have printed or saved the recovery kit'));
    const panel = await screen.findByText('The keychain is locked.');
    expect(within(panel.closest('[role="alert"]') as HTMLElement).getByText(/Unlock the keychain/)).toBeTruthy();
    expect((screen.getByLabelText('I have printed or saved the recovery kit') as HTMLInputElement).checked).toBe(false);
  });
});
