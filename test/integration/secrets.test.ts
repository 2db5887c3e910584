// Secrets stay secret: after backups with a password-protected role and a passphrase, neither
// appears in the catalog, the logs, the manifests, the CLI output, or any process's argv.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { watchProcessArgs } from '../helpers/argv-watch';
import { createWorkspace, type Workspace } from '../helpers/workspace';

function allFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('secrets never leak (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  const rolePassword = `Role-Pa55-${Math.random().toString(36).slice(2)}`;
  const passphrase = `correct horse battery ${Math.random().toString(36).slice(2)}`;
  const outputs: string[] = [];
  let argvSeen: string[] = [];

  beforeAll(async () => {
    ws = createWorkspace();
    await cluster().query(`CREATE ROLE app LOGIN PASSWORD '${rolePassword}'`);
    await cluster().query('CREATE DATABASE crm OWNER app');
    await cluster().query('SET ROLE app; CREATE TABLE contacts (id int PRIMARY KEY, email text); INSERT INTO contacts SELECT g, g || \'@example.com\' FROM generate_series(1, 2000) g', 'crm');

    const env = { LIFEBOAT_HOME: ws.home, PGPASSWORD: rolePassword, LB_PASSPHRASE: passphrase };
    const url = (db: string, user: string) => `postgres://${user}@127.0.0.1:${cluster().port}/${db}`;
    const watch = watchProcessArgs();
    try {
      const backup = await startCli(['backup', '--db', url('crm', 'app'), '--to', ws.dest, '--passphrase-env', 'LB_PASSPHRASE', '--json'], env).result;
      outputs.push(backup.stdout, backup.stderr);
      expect(backup.code).toBe(0);
      const id = (backup.json().backup as { id: string }).id;
      const verify = await runCli(['verify', id, '--passphrase-env', 'LB_PASSPHRASE', '--json'], env);
      outputs.push(verify.stdout, verify.stderr);
      expect(verify.code).toBe(0);
      const restore = await runCli(['restore', id, '--db', url('crm_restored', 'postgres'), '--passphrase-env', 'LB_PASSPHRASE', '--json'], {
        ...env,
        PGPASSWORD: cluster().password,
      });
      outputs.push(restore.stdout, restore.stderr);
      expect(restore.code).toBe(0);
      // A failure path too: the wrong password must not be echoed back either.
      const failed = await runCli(['backup', '--db', url('crm', 'app'), '--to', ws.dest, '--passphrase-env', 'LB_PASSPHRASE', '--json'], { ...env, PGPASSWORD: `${rolePassword}-wrong` });
      outputs.push(failed.stdout, failed.stderr);
      expect(failed.code).toBe(1);
    } finally {
      argvSeen = watch.stop();
    }
  });
  afterAll(() => ws?.cleanup());

  it('saw the child processes it is checking', () => {
    expect(argvSeen.some((cmd) => /pg_dump .*--format=custom/.test(cmd))).toBe(true);
    expect(argvSeen.some((cmd) => /pg_restore .*--exit-on-error/.test(cmd))).toBe(true);
  });

  it('no process argument contains the password or the passphrase', () => {
    expect(argvSeen.filter((cmd) => cmd.includes(rolePassword) || cmd.includes(passphrase))).toEqual([]);
  });

  it('the catalog (with its WAL), the logs and the manifests contain neither', () => {
    const files = [...allFilesUnder(ws.home), ...allFilesUnder(ws.dest)];
    expect(files.some((f) => f.endsWith('catalog.sqlite'))).toBe(true);
    expect(files.some((f) => f.endsWith('lifeboat.log'))).toBe(true);
    expect(files.some((f) => f.endsWith('.manifest.json'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(rolePassword), `${file} contains the role password`).toBe(false);
      expect(bytes.includes(passphrase), `${file} contains the passphrase`).toBe(false);
    }
  });

  it('the CLI output, including errors, contains neither', () => {
    for (const text of outputs) {
      expect(text).not.toContain(rolePassword);
      expect(text).not.toContain(passphrase);
    }
  });
});
