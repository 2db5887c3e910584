// The first hour of a new user, in a real browser: open the address `lifeboat serve` printed,
// go through the guided setup against a real PostgreSQL 15 (a wrong password first), save a NAS
// folder and an S3 bucket (s3rver), create a key pair and its recovery kit, schedule daily at
// 02:00, back up, watch the dashboard, verify and restore from History, and find it all under
// Activity. Driven only by labels, roles and button names; a screenshot of every main screen
// goes to test-artifacts/screenshots/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, type TestBrowser } from '../helpers/browser';
import { useCluster } from '../helpers/clusters';
import { startS3Server, type S3TestServer } from '../helpers/s3-server';
import { buildRendererInto, scratchDir, startServe, type RunningServe } from '../helpers/serve';

const DATABASE = 'acme';
const JOB = 'office-backup';
const TABLES = ['public.customers', 'public.products', 'public.orders', 'billing.invoices'] as const;
const SEED = `
  CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text);
  INSERT INTO customers SELECT i, 'Customer ' || i, 'c' || i || '@example.com' FROM generate_series(1, 1234) i;
  CREATE TABLE products (id int PRIMARY KEY, title text NOT NULL, price numeric(10,2));
  INSERT INTO products SELECT i, 'Product ' || i, i * 1.5 FROM generate_series(1, 57) i;
  CREATE TABLE orders (id bigint PRIMARY KEY, customer int REFERENCES customers, product int REFERENCES products, note text);
  INSERT INTO orders SELECT i, 1 + i % 1234, 1 + i % 57, repeat(md5(i::text), 4) FROM generate_series(1, 60000) i;
  CREATE SCHEMA billing;
  CREATE TABLE billing.invoices (id int PRIMARY KEY, amount numeric(12,2));
  INSERT INTO billing.invoices SELECT i, i * 10 FROM generate_series(1, 321) i;
`;

function sidebarLink(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

function localCompactDate(date = new Date()): string {
  return `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getDate()).padStart(2, '0')}`;
}

/** The journey's steps build on each other: after a failure the rest are skipped, not timed out. */
function journey(onFailure: (name: string) => Promise<void>) {
  let failed: string | null = null;
  return (name: string, fn: () => Promise<void>, timeout?: number) =>
    it(
      name,
      async (ctx) => {
        if (failed) ctx.skip(`an earlier step failed: ${failed}`);
        try {
          await fn();
        } catch (error) {
          failed = name;
          await onFailure(name).catch(() => undefined);
          throw error;
        }
      },
      timeout,
    );
}

describe('first backup in the browser (lifeboat serve, PostgreSQL 15, s3rver, Chromium)', () => {
  const cluster = useCluster(15);
  const scratch = scratchDir('lifeboat-e2e-first-');
  let s3: S3TestServer | undefined;
  let serve: RunningServe | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let nasDir = '';
  const rowCounts = new Map<string, number>();
  let restoredName = '';
  // A failed step leaves a picture of the page behind (test-artifacts/screenshots/failed-*.png).
  const step = journey(async (name) => {
    if (page) await screenshot(page, `failed-${name.split(':')[0]!.replace(/[^a-z0-9]+/gi, '-')}`);
  });

  async function countRows(database: string): Promise<Map<string, number>> {
    const client = new pg.Client({ connectionString: cluster().url(database) });
    await client.connect();
    try {
      const counts = new Map<string, number>();
      for (const table of TABLES) counts.set(table, Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n));
      return counts;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const staticDir = buildRendererInto(scratch.dir);
    nasDir = path.join(scratch.dir, 'nas');
    mkdirSync(nasDir);
    await cluster().query(`CREATE DATABASE ${DATABASE}`);
    await cluster().query(SEED, DATABASE);
    for (const [table, n] of await countRows(DATABASE)) rowCounts.set(table, n);
    s3 = await startS3Server({ buckets: ['office-offsite'] });
    serve = await startServe({ lifeboatHome: path.join(scratch.dir, 'lifeboat-home'), userHome: path.join(scratch.dir, 'user-home'), staticDir });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await s3?.stop();
    scratch.remove();
  });

  step('trades the printed address for a cookie and opens the guided setup', async () => {
    const response = await page.goto(serve!.url);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Lifeboat' }).waitFor();
    const url = new URL(page.url());
    expect(url.origin).toBe(serve!.origin);
    expect(url.search).toBe('');
    expect(url.hash).toBe('#/welcome');
    const cookie = (await browser!.context.cookies()).find((c) => c.name === 'lifeboat_token');
    expect(cookie).toMatchObject({ value: serve!.token, httpOnly: true, sameSite: 'Strict' });
    expect(await page.title()).toBe('Set up backups · Lifeboat');
    await page.getByRole('heading', { level: 2, name: 'Connect to your PostgreSQL server' }).waitFor();
    await screenshot(page, 'first-run-1-connect');
  });

  step('connect: a wrong password shows the cause and the fix; the right one shows the server version', async () => {
    await page.getByLabel(/^Server/).fill('127.0.0.1');
    await page.getByLabel(/^Port/).fill(String(cluster().port));
    await page.getByLabel(/^User name/).fill('postgres');
    await page.getByLabel('Password', { exact: true }).fill(`${cluster().password}-wrong`);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const panel = page.getByRole('alert');
    await panel.waitFor();
    const text = await panel.innerText();
    expect(text).toContain('PostgreSQL rejected the login');
    expect(text).toContain(`Password authentication failed for user "postgres" at 127.0.0.1:${cluster().port}.`);
    expect(text).toMatch(/What to do: Check the password saved for "postgres".*pg_hba\.conf/);
    expect(text).toContain('Error code: PG_AUTH_FAILED');
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await screenshot(page, 'first-run-1-connect-error');

    await page.getByLabel('Password', { exact: true }).fill(cluster().password);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const ok = page.getByRole('status').filter({ hasText: 'Connected.' });
    await ok.waitFor();
    const version = ((await cluster().query('SHOW server_version')).rows[0].server_version as string).split(' ')[0];
    expect(await ok.innerText()).toContain(`The server runs PostgreSQL ${version}`);
    expect(await ok.innerText()).toContain(DATABASE);
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'first-run-1-connect-ok');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  step('databases: only acme', async () => {
    await page.getByRole('heading', { name: 'Choose the databases' }).waitFor();
    await page.getByLabel('Only the databases I choose').check();
    const acme = page.getByRole('checkbox', { name: DATABASE, exact: true });
    await acme.check();
    expect(await acme.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'postgres', exact: true }).isChecked()).toBe(false);
    await screenshot(page, 'first-run-2-databases');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  step('destinations: a NAS folder and an S3 bucket, each saved and tested', async () => {
    await page.getByRole('heading', { name: 'Where should the backups go?' }).waitFor();
    const folder = page.getByRole('form', { name: 'Folder destination' });
    expect(await folder.getByLabel(/^Name/).inputValue()).toBe('nas');
    await folder.getByLabel(/^Folder/).fill(nasDir);
    await folder.getByRole('button', { name: 'Save and test' }).click();
    const folderOk = folder.getByRole('status').filter({ hasText: '“nas” works' });
    await folderOk.waitFor();
    expect(await folderOk.innerText()).toMatch(/Wrote|wrote/);

    await page.getByLabel('Add Backblaze B2 or another S3 service (off-site)').check();
    const bucket = page.getByRole('form', { name: 'S3 or Backblaze B2 destination' });
    await bucket.getByLabel(/^Name/).fill('offsite');
    await bucket.getByLabel('Another S3-compatible service (Wasabi, MinIO…)').check();
    await bucket.getByLabel(/^Endpoint/).fill(s3!.endpoint);
    await bucket.getByLabel(/^Bucket/).fill('office-offsite');
    await bucket.getByLabel('Folder inside the bucket').fill('lifeboat/');
    await bucket.getByLabel(/^Key ID/).fill(s3!.accessKeyId);
    await bucket.getByLabel(/^Secret key/).fill(s3!.secretAccessKey);
    await bucket.getByRole('button', { name: 'Save and test' }).click();
    await bucket.getByRole('status').filter({ hasText: '“offsite” works' }).waitFor({ timeout: 30_000 });
    expect(await bucket.getByRole('alert').count()).toBe(0);

    const picker = page.getByRole('group', { name: 'Keep copies in' });
    await expect.poll(async () => picker.getByRole('checkbox').count()).toBe(2);
    expect(await picker.getByRole('checkbox', { name: /^nas/ }).isChecked()).toBe(true);
    expect(await picker.getByRole('checkbox', { name: /^offsite/ }).isChecked()).toBe(true);
    expect(await picker.innerText()).toContain(nasDir);
    await screenshot(page, 'first-run-3-destinations');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  step('encryption: a key pair, its recovery kit opened once, and no way on without confirming it', async () => {
    await page.getByRole('heading', { name: 'Lock the backups' }).waitFor();
    await page.getByRole('button', { name: 'Create the key pair' }).click();
    const publicKey = page.getByLabel('Public key (safe to share)');
    await publicKey.waitFor();
    const recipient = await publicKey.inputValue();
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);

    // Not confirmed yet: Continue refuses and says why.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Confirm that you have printed or saved the recovery kit', { exact: false }).first().waitFor();
    expect(await page.getByRole('heading', { name: 'Lock the backups' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'When should Lifeboat back up?' }).count()).toBe(0);
    await screenshot(page, 'first-run-4-encryption');

    const link = page.getByRole('link', { name: /Open recovery kit/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    const [kit] = await Promise.all([browser!.context.waitForEvent('page'), link.click()]);
    await kit.waitForLoadState('domcontentloaded');
    await kit.getByRole('heading', { name: 'Lifeboat recovery kit' }).waitFor();
    const kitText = await kit.locator('body').innerText();
    expect(kitText).toMatch(/AGE-SECRET-KEY-1[0-9A-Z]{58}/);
    expect(kitText).toContain(recipient);
    expect(kitText).toContain('age -d -i key.txt FILE.dump.zst.age | zstd -d | pg_restore -d NEW_DATABASE');
    await screenshot(kit, 'recovery-kit');
    await kit.close();

    const box = page.getByLabel('I have printed or saved the recovery kit');
    expect(await box.isChecked()).toBe(false);
    // The box is ticked once the core has recorded the confirmation (a round trip), not on click.
    await box.click();
    await expect.poll(() => box.isChecked()).toBe(true);
    expect(await box.isDisabled()).toBe(true);
    await page.getByText('Thank you. Lifeboat will stop reminding you.').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  step('schedule: daily at 02:00, with the next five runs listed', async () => {
    await page.getByRole('heading', { name: 'When should Lifeboat back up?' }).waitFor();
    expect(await page.getByLabel('How often').inputValue()).toBe('daily');
    await page.getByLabel(/^At/).fill('02:00');
    const preview = page.getByRole('region', { name: 'Next backups' });
    await preview.getByText('Every day at 02:00').waitFor();
    const runs = preview.getByRole('listitem');
    await expect.poll(() => runs.count()).toBe(5);
    for (const time of await preview.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')))) {
      expect(Date.parse(time!)).toBeGreaterThan(Date.now());
    }
    await screenshot(page, 'first-run-5-schedule');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  step('finish: the summary, then save and back up now', async () => {
    await page.getByRole('heading', { name: 'Ready to back up' }).waitFor();
    expect(await page.getByLabel(/^Job name/).inputValue()).toBe(JOB);
    // The "When" line comes from the core's schedule preview, a moment later.
    const finish = page.getByRole('region', { name: 'Ready to back up' });
    await finish.getByText(/^Every day at 02:00/).waitFor();
    const summary = await finish.innerText();
    expect(summary).toContain(DATABASE);
    expect(summary).toContain('127.0.0.1');
    expect(summary).toContain('Every day at 02:00');
    expect(summary).toContain('nas');
    expect(summary).toContain('offsite');
    await screenshot(page, 'first-run-6-finish');
    await page.getByRole('button', { name: 'Save and back up now' }).click();
    await page.waitForURL(/#\/dashboard$/, { timeout: 30_000 });
  });

  step('dashboard: progress while it runs, then the job card turns ok with both copies in place', async () => {
    const card = page.getByRole('article', { name: JOB });
    await card.waitFor();
    // A small database backs up in a second or two, so seeing progress is a bonus, not a must.
    const progress = page.getByRole('progressbar', { name: /Backing up acme/ });
    const seen = await progress.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (seen) await screenshot(page, 'dashboard-running').catch(() => undefined);
    console.info(`[e2e] running backup observed on the dashboard: ${seen ? 'yes' : 'no (too fast)'}`);

    await card.getByText('All good').waitFor({ timeout: 60_000 });
    expect(await card.getAttribute('class')).toContain('job-card-ok');
    expect(await card.getByText(/^Last good backup .*, on all 2 destinations\.$/).count()).toBe(1);
    expect(await card.getByRole('listitem').count()).toBe(2);
    for (const name of ['nas', 'offsite']) {
      expect(await card.getByRole('listitem').filter({ hasText: name }).innerText()).toMatch(/latest backup is there$/);
    }
    expect(await card.getByRole('button', { name: 'Back up now' }).isEnabled()).toBe(true);
    await page.getByText('Nothing is running.').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('progressbar').count()).toBe(0);
    await page.getByText('Size stored per day').waitFor();
    await page.waitForTimeout(1_600); // the charts animate in
    await screenshot(page, 'dashboard');
  });

  step('jobs and the job editor show the saved job', async () => {
    await sidebarLink(page, 'Jobs').click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: JOB }) });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${DATABASE} on 127.0.0.1 → nas, offsite`);
    expect(await row.innerText()).toContain('Every day at 02:00');
    await screenshot(page, 'jobs');

    await row.getByRole('link', { name: `Edit ${JOB}` }).click();
    await page.getByRole('heading', { level: 1, name: `Job ${JOB}` }).waitFor();
    const form = page.getByRole('form', { name: 'Job settings' });
    await form.waitFor();
    expect(await form.getByLabel(/^Server/).inputValue()).toBe('127.0.0.1');
    expect(await form.getByLabel(/^Port/).inputValue()).toBe(String(cluster().port));
    expect(await form.getByLabel(/^At/).inputValue()).toBe('02:00');
    await screenshot(page, 'job-editor');
  });

  step('history: the backup with both copies in place; details; Verify succeeds', async () => {
    await sidebarLink(page, 'History').click();
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^1 backup$/ }).waitFor();
    const table = page.getByRole('table', { name: 'Backups' });
    const row = table.getByRole('row').filter({ hasText: DATABASE });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain(JOB);
    expect(rowText).toContain('Succeeded');
    // The copy marks say in words (for screen readers) which copy is where.
    expect(await row.getByRole('listitem').count()).toBe(2);
    expect(await row.getByText('nas: copy in place', { exact: true }).count()).toBe(1);
    expect(await row.getByText('offsite: copy in place', { exact: true }).count()).toBe(1);
    // Both files really are there.
    expect(s3!.objects('office-offsite').some((k) => k.startsWith('lifeboat/') && k.endsWith('.dump.zst.age'))).toBe(true);
    await screenshot(page, 'history');

    await row.getByRole('button', { name: /^Details of acme from / }).click();
    const drawer = page.getByRole('dialog');
    await drawer.waitFor();
    await drawer.getByRole('heading', { name: 'Copies' }).waitFor();
    const drawerText = await drawer.innerText();
    const copies = drawer.getByRole('region', { name: 'Copies' }).getByRole('listitem');
    expect(await copies.count()).toBe(2);
    expect(await copies.filter({ hasText: 'nas' }).innerText()).toMatch(/copy in place/);
    expect(await copies.filter({ hasText: 'offsite' }).innerText()).toMatch(/copy in place/);
    expect(drawerText).toMatch(/PostgreSQL 15\./);
    expect(drawerText).toContain('Key pair (1 recipient)');
    expect(await drawer.getByRole('row').count()).toBeGreaterThanOrEqual(3); // header + dump + manifest (+ globals)
    await screenshot(page, 'details-drawer');
    await drawer.getByRole('button', { name: /^Close: / }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    await row.getByRole('button', { name: /^Verify acme from / }).click();
    const dialog = page.getByRole('dialog', { name: /^Verify acme from / });
    await dialog.waitFor();
    const verified = dialog.getByText('The backup is readable and complete.');
    await verified.waitFor({ timeout: 60_000 });
    expect(await dialog.innerText()).toContain('Every file matches its recorded SHA-256 hash.');
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'verify');
    await dialog.getByRole('button', { name: /^Close: / }).click();
  });

  step('restore: into a new database, row counts match', async () => {
    const row = page.getByRole('table', { name: 'Backups' }).getByRole('row').filter({ hasText: DATABASE });
    await row.getByRole('button', { name: /^Restore acme from / }).click();
    // Check: the whole backup is read, compared with its checksum and decrypted before anything else.
    await page.getByRole('heading', { name: 'Check the backup' }).waitFor();
    await page.getByText(/match the checksum recorded when the backup was made/).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('region', { name: 'Check the backup' }).innerText()).toContain(`It holds ${TABLES.length} tables`);
    await screenshot(page, 'restore-check');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Where to restore' }).waitFor();
    expect(await page.getByLabel('A new database').isChecked()).toBe(true);
    const name = page.getByLabel(/^Name of the new database/);
    await expect.poll(() => name.inputValue()).toMatch(/^acme_restored_\d{8}$/);
    restoredName = await name.inputValue();
    const today = localCompactDate();
    const yesterday = localCompactDate(new Date(Date.now() - 86_400_000));
    expect([`acme_restored_${today}`, `acme_restored_${yesterday}`]).toContain(restoredName);
    expect(await page.getByLabel(/^Server/).inputValue()).toBe('127.0.0.1');
    expect(await page.getByLabel(/^Port/).inputValue()).toBe(String(cluster().port));
    expect(await page.getByLabel(/^User name/).inputValue()).toBe('postgres');
    await page.getByLabel('Password', { exact: true }).fill(cluster().password);
    await screenshot(page, 'restore-target');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'What to restore' }).waitFor();
    expect(await page.getByLabel('Everything in the backup').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Check and start' }).waitFor();
    const checks = page.getByRole('list', { name: 'Checks before the restore' });
    await checks.waitFor({ timeout: 30_000 });
    expect(await checks.innerText()).toContain(`"${restoredName}" does not exist yet and will be created.`);
    const summary = await page.getByRole('region', { name: 'Check and start' }).innerText();
    expect(summary).toContain(`create a new database ${restoredName} on 127.0.0.1:${cluster().port}`);
    await screenshot(page, 'restore-confirm');
    await page.getByRole('button', { name: 'Start the restore' }).click();

    await page.getByRole('heading', { name: 'Restore finished' }).waitFor({ timeout: 90_000 });
    const report = await page.getByRole('region', { name: 'Restore finished' }).innerText();
    expect(report).toContain(`Restored acme into ${restoredName}`);
    expect(report).toContain(`All ${TABLES.length} tables have exactly as many rows as when the backup was made.`);
    expect(await page.getByLabel('Connection string (no password in it)').inputValue()).toBe(`postgresql://postgres@127.0.0.1:${cluster().port}/${restoredName}`);
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'restore-report');

    // Independently of Lifeboat's own check: every table has the same rows as the original.
    const restored = await countRows(restoredName);
    expect(Object.fromEntries(restored)).toEqual(Object.fromEntries(rowCounts));
    expect(rowCounts.get('public.orders')).toBe(60_000);
  });

  step('restore: replace the existing database after typing its name; the old one is kept, then deleted', async () => {
    // A mistake after the backup: rows deleted. The replace brings them back.
    await cluster().query('DELETE FROM orders WHERE id > 50000', DATABASE);
    expect((await countRows(DATABASE)).get('public.orders')).toBe(50_000);

    // From the sidebar this time: the backup is chosen on the job's timeline.
    await sidebarLink(page, 'Restore').click();
    await page.getByRole('heading', { name: 'Which backup?' }).waitFor();
    const timeline = page.getByRole('group', { name: new RegExp(`^${DATABASE} — job `) });
    await timeline.getByRole('radio').first().check();
    await screenshot(page, 'restore-choose');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(/match the checksum recorded when the backup was made/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Replace the existing database').check();
    expect(await page.getByLabel(/^Database to replace/).inputValue()).toBe(DATABASE);
    await page.getByLabel('Password', { exact: true }).fill(cluster().password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'What to restore' }).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Check and start' }).waitFor();
    await page.getByRole('list', { name: 'Checks before the restore' }).waitFor({ timeout: 30_000 });
    const start = page.getByRole('button', { name: `Replace ${DATABASE}` });
    expect(await start.isDisabled()).toBe(true);
    await page.getByLabel(`Type ${DATABASE} to confirm`).fill('ACME');
    await page.getByText(`That is not “${DATABASE}”.`).waitFor();
    expect(await start.isDisabled()).toBe(true);
    await page.getByLabel(`Type ${DATABASE} to confirm`).fill(DATABASE);
    await expect.poll(() => start.isDisabled()).toBe(false);
    await screenshot(page, 'restore-replace-confirm');
    await start.click();

    await page.getByRole('heading', { name: 'Restore finished' }).waitFor({ timeout: 90_000 });
    const report = await page.getByRole('region', { name: 'Restore finished' }).innerText();
    expect(report).toContain(`Replaced ${DATABASE} with the backup`);
    const kept = /It is kept as (acme_before_restore_\S+) until you delete it/.exec(report)?.[1];
    expect(kept).toBeTruthy();
    expect(Object.fromEntries(await countRows(DATABASE))).toEqual(Object.fromEntries(rowCounts));
    expect((await countRows(kept!)).get('public.orders')).toBe(50_000);
    await screenshot(page, 'restore-replace-report');

    await page.getByRole('button', { name: `Delete ${kept}` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByLabel(`Type ${kept} to confirm`).fill(kept!);
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText(`${kept} was deleted.`).waitFor();
    expect((await cluster().query(`SELECT count(*)::int AS n FROM pg_database WHERE datname = '${kept}'`)).rows[0]!['n']).toBe(0);
  });

  step('activity lists the backup and the restore', async () => {
    await sidebarLink(page, 'Activity').click();
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    const table = page.getByRole('table');
    await table.waitFor();
    const rows = table.getByRole('row');
    const backupDone = rows.filter({ hasText: 'Backup finished' }).filter({ hasText: DATABASE });
    const restoreDone = rows.filter({ hasText: 'Restore finished' }).filter({ hasText: DATABASE });
    await backupDone.first().waitFor();
    await restoreDone.first().waitFor();
    expect(await backupDone.first().innerText()).toContain('Success');
    expect(await restoreDone.first().innerText()).toContain('Success');
    expect(await rows.filter({ hasText: 'Backup verified' }).count()).toBeGreaterThanOrEqual(1);
    expect(await rows.filter({ hasText: 'Job created' }).count()).toBe(1);
    await screenshot(page, 'activity');
  });

  step('settings list both destinations and the keychain in use', async () => {
    await sidebarLink(page, 'Settings').click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('button', { name: 'Test nas' }).waitFor();
    await page.getByRole('button', { name: 'Test offsite' }).waitFor();
    const about = page.getByRole('region', { name: 'About this Lifeboat' });
    await about.getByText('Web service (lifeboat serve)', { exact: false }).waitFor();
    expect(await about.innerText()).toContain('the Secret Service keychain');
    await page.getByRole('button', { name: 'Test offsite' }).click();
    await page.getByRole('status').filter({ hasText: '“offsite” works' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'settings');
  });
});
