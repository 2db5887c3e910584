// @vitest-environment jsdom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../test/fake-api';
import { jobView } from '../test/fixtures';
import { renderWithApi } from '../test/render';
import { App } from './App';
import { parseRoute, routeHref } from './routes';

describe('routes', () => {
  it('parse and print the same addresses', () => {
    for (const hash of ['#/dashboard', '#/jobs', '#/jobs/new', '#/jobs/edit/nightly', '#/history?job=nightly', '#/restore/bk-1', '#/restore', '#/activity', '#/settings', '#/welcome']) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
    expect(parseRoute('')).toEqual({ name: 'dashboard' });
    expect(parseRoute('#/nope').name).toBe('not-found');
  });
});

describe('App', () => {
  it('opens the guided setup when there is no job yet', async () => {
    renderWithApi(<App />, new FakeApi());
    await waitFor(() => expect(window.location.hash).toBe('#/welcome'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome to Lifeboat' })).toBeTruthy();
    expect(document.title).toBe('Set up backups · Lifeboat');
  });

  it('navigates by hash, sets the title, marks the page and moves focus to the heading', async () => {
    renderWithApi(<App />, new FakeApi({ 'jobs.list': () => ({ jobs: [jobView()] }) }));
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    act(() => {
      window.location.hash = '#/activity';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    const heading = await screen.findByRole('heading', { level: 1, name: 'Activity' });
    expect(document.title).toBe('Activity · Lifeboat');
    expect(document.activeElement).toBe(heading);
    expect(screen.getByRole('link', { name: 'Activity' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBeNull();
  });
});
