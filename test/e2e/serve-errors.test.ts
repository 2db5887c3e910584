// What the browser shows when things go wrong: a destination folder that does not exist is
// refused with the cause and the fix (and not saved), and a job whose PostgreSQL server is
// down turns its dashboard card to "Failing" with the reason after "Back up now".
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../src-main/crypto';
import { launchBrowser, screenshot, type TestBrowser } from '../helpers/browser';
import { buildRendererInto, scratchDir, startServe, type RunningServe } from '../helpers/serve';

/** A loopback port nobody listens on (a PostgreSQL server that is down). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('errors in the browser (lifeboat serve, Chromium)', () => {
  const scratch = scratchDir('lifeboat-e2e-errors-');
  let serve: RunningServe | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let downPort = 0;

  beforeAll(async () => {
    const staticDir = buildRendererInto(scratch.dir);
    const nas = path.join(scratch.dir, 'nas');
    mkdirSync(nas);
    downPort = await closedPort();
    // No keychain needed: the job keeps only a public key and has no password.
    serve = await startServe({ lifeboatHome: path.join(scratch.dir, 'lifeboat-home'), userHome: path.join(scratch.dir, 'user-home'), staticDir, secrets: 'env' });
    await serve.call('destinations.save', { kind: 'folder', name: 'nas', path: nas });
    await serve.call('jobs.save', {
      create: true,
      config: {
        name: 'erp-nightly',
        source: { host: '127.0.0.1', port: downPort, user: 'backup', databases: { mode: 'list', names: ['erp'] } },
        schedule: { spec: { kind: 'daily', time: '02:00' }, timeZone: 'UTC' },
        destinations: ['nas'],
        encryption: { kind: 'public-key', recipients: [generateIdentity().recipient] },
        retries: 0,
      },
    });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
    await page.goto(serve.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    scratch.remove();
  });

  it('a folder that does not exist: the cause and the fix, and nothing is saved', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Test nas' }).waitFor();
    await page.getByRole('button', { name: 'Add a folder or NAS' }).click();
    const form = page.getByRole('form', { name: 'Folder destination' });
    await form.getByLabel(/^Name/).fill('usb');
    const missing = path.join(scratch.dir, 'not-mounted', 'backups');
    await form.getByLabel(/^Folder/).fill(missing);
    await form.getByRole('button', { name: 'Save and test' }).click();
    const panel = form.getByRole('alert');
    await panel.waitFor();
    const text = await panel.innerText();
    expect(text).toContain('The destination is missing');
    expect(text).toContain(`The destination folder ${missing} does not exist (is the NAS share mounted?).`);
    expect(text).toContain('What to do: Mount the share or create the folder, then try again.');
    expect(text).toContain('Error code: DEST_NOT_FOUND');
    expect(await form.getByRole('status').count()).toBe(0);
    await screenshot(page, 'settings-destination-error');
    expect(await page.getByRole('button', { name: 'Test usb' }).count()).toBe(0);
    expect((await serve!.call('destinations.list')).destinations.map((d: { name: string }) => d.name)).toEqual(['nas']);
  });

  it('a job whose server is down: Back up now turns the card to Failing with the reason', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const card = page.getByRole('article', { name: 'erp-nightly' });
    await card.waitFor();
    await card.getByText('No backup yet').first().waitFor();
    await card.getByRole('button', { name: 'Back up now' }).click();
    // With the server down the run fails within a second, so the "starting" note may already be gone: wait for the outcome.
    await card.getByText('Failing').waitFor({ timeout: 60_000 });
    expect(await card.getAttribute('class')).toContain('job-card-error');
    const status = card.getByText(/^The last run failed/);
    expect(await status.innerText()).toContain(`Cannot reach the PostgreSQL server at 127.0.0.1:${downPort}: the connection was refused.`);
    expect(await card.getByRole('button', { name: 'Back up now' }).isEnabled()).toBe(true);
    await page.getByText('Nothing is running.').waitFor({ timeout: 30_000 });
    await screenshot(page, 'dashboard-error');

    // History has the failed attempt with the same reason.
    const [attempt] = (await serve!.call('backups.list', { job: 'erp-nightly', offset: 0, limit: 10 })).rows;
    expect(attempt).toMatchObject({ status: 'failed', database: 'erp', error: { code: 'PG_UNREACHABLE' } });
  });
});
