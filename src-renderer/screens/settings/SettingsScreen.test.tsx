// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../src-shared/api';
import { apiError, FakeApi } from '../../test/fake-api';
import { renderWithApi } from '../../test/render';
import { SettingsScreen } from './SettingsScreen';
import { UNTIL_RESUMED } from '../../schedule/pause';

function settingsApi(): FakeApi {
  let settings: Settings = { theme: 'system', startAtLogin: false, metricsFile: null, pausedUntil: null, recoveryKitSaved: true };
  return new FakeApi({
    'settings.get': () => ({ settings }),
    'settings.set': (patch) => {
      settings = { ...settings, ...(patch as Partial<Settings>) };
      return { settings };
    },
    'destinations.list': () => ({ destinations: [{ name: 'nas', kind: 'folder', where: '/mnt/nas', id: 'folder:/mnt/nas', objectLockDays: null }] }),
    'destinations.test': () => {
      throw apiError('DEST_NOT_FOUND', 'The destination folder /mnt/nas does not exist (is the NAS share mounted?).', 'Mount the share and test again.');
    },
    'destinations.remove': ({ name }) => ({ removed: name }),
  });
}

describe('Settings', () => {
  it('changes the theme at once and saves it', async () => {
    const { api } = renderWithApi(<SettingsScreen />, settingsApi());
    fireEvent.click(await screen.findByLabelText('Dark'));
    expect(document.documentElement.dataset['theme']).toBe('dark');
    await waitFor(() => expect(api.requests('settings.set')).toEqual([{ theme: 'dark' }]));
  });

  it('pauses all schedules for an hour or until resumed, and resumes', async () => {
    const { api } = renderWithApi(<SettingsScreen />, settingsApi());
    fireEvent.click(await screen.findByRole('button', { name: 'Pause for 1 hour' }));
    await screen.findByText(/All schedules are paused until/);
    const until = new Date(api.requests('settings.set')[0]!.pausedUntil!).getTime();
    expect(Math.abs(until - (Date.now() + 3600_000))).toBeLessThan(60_000);

    fireEvent.click(screen.getByRole('button', { name: 'Pause until I resume' }));
    await screen.findByText('All schedules are paused until you resume them.');
    expect(api.requests('settings.set')[1]).toEqual({ pausedUntil: UNTIL_RESUMED });

    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await screen.findByText('Schedules are running normally.');
    expect(api.requests('settings.set')[2]).toEqual({ pausedUntil: null });
  });

  it('tests and removes destinations, and shows app info', async () => {
    const { api } = renderWithApi(<SettingsScreen />, settingsApi());
    fireEvent.click(await screen.findByRole('button', { name: 'Test nas' }));
    const panel = await screen.findByRole('alert');
    expect(panel.textContent).toContain('is the NAS share mounted?');
    expect(panel.textContent).toContain('Mount the share and test again.');

    fireEvent.click(screen.getByRole('button', { name: 'Remove nas' }));
    const dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(api.requests('destinations.remove')).toEqual([{ name: 'nas' }]));

    expect(await screen.findByText('pg_dump 16.4')).toBeTruthy();
    expect(screen.getByText('/home/office/.config/Lifeboat')).toBeTruthy();
  });
});
