// Backups made without Lifeboat, the way the offices' runbooks make them (pg_dump | gzip,
// openssl enc -aes-256-cbc -pbkdf2, Python Fernet, gpg --symmetric, pg_dump -Fc), each made here
// with the real tools: imported, restored into a new database, and compared with the source
// table by table (row count and an md5 of the ordered rows). Failures leave no database.
import { execFileSync, spawnSync } from 'node:child_process';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupsRepo } from '../../src-main/catalog/backups-repo';
import { openCatalogDb, type CatalogDb } from '../../src-main/catalog/open-catalog';
import { sourceFromPath, type LegacyKeys } from '../../src-main/importers/decode-chain';
import { importBackupFile } from '../../src-main/importers/import-file';
import { restoreImportedFile, sourceFromImportedRecord } from '../../src-main/importers/restore-imported';
import { parseConnectionUrl } from '../../src-main/pg/connection';
import { USER_TABLES_SQL } from '../../src-main/pg/row-counts';
import { FolderDestination } from '../../src-main/storage/folder-destination';
import { watchProcessArgs } from '../helpers/argv-watch';
import { runCli, startCli } from '../helpers/cli';
import { useCluster } from '../helpers/clusters';
import { createWorkspace, type Workspace } from '../helpers/workspace';

const BIN = '/usr/lib/postgresql/15/bin';
const PASSPHRASE = `office passphrase ${Math.random().toString(36).slice(2)}`;
const hasPythonFernet = spawnSync('python3', ['-c', 'import cryptography.fernet'], { stdio: 'ignore' }).status === 0;

describe('importing and restoring backups made without Lifeboat (PostgreSQL 15)', () => {
  const cluster = useCluster(15);
  let ws: Workspace;
  let catalogDb: CatalogDb;
  let repo: BackupsRepo;
  let fernetKey: string;
  let source: Fingerprint;
  const file = (name: string) => path.join(ws.dest, name);
  const url = (db: string) => `postgres://postgres@127.0.0.1:${cluster().port}/${db}`;
  const target = (db: string) => ({ ...parseConnectionUrl(url(db)), password: cluster().password });
  const cliEnv = () => ({ LIFEBOAT_HOME: ws.home, PGPASSWORD: cluster().password, P: PASSPHRASE, FERNET_KEY: fernetKey });
  const exists = async (db: string) => (await cluster().query(`SELECT 1 FROM pg_database WHERE datname = '${db}'`)).rowCount === 1;

  beforeAll(async () => {
    ws = createWorkspace();
    catalogDb = openCatalogDb(path.join(ws.root, 'catalog'));
    repo = new BackupsRepo(catalogDb);
    await cluster().query('CREATE DATABASE shop');
    await cluster().query(
      `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, note text);
       INSERT INTO customers SELECT g, 'customer ' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE E'tab\\there; it''s "quoted"\\nnew line \\\\ backslash ü ' || g END FROM generate_series(1, 4000) g;
       CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers, total numeric(12,2), at timestamptz, data jsonb, blob bytea);
       INSERT INTO orders (customer, total, at, data, blob) SELECT 1 + g % 4000, g * 1.25, '2024-01-01'::timestamptz + g * interval '1 minute', jsonb_build_object('n', g, 's', 'x;y'), decode(md5(g::text), 'hex') FROM generate_series(1, 6000) g;
       CREATE SCHEMA "Sales";
       CREATE TABLE "Sales"."Order Lines" (id int, "Qty" int);
       INSERT INTO "Sales"."Order Lines" SELECT g, g % 9 FROM generate_series(1, 300) g;
       CREATE TABLE empty_one (id int);
       CREATE FUNCTION total_of(c int) RETURNS numeric LANGUAGE plpgsql AS $body$ BEGIN RETURN (SELECT sum(total) FROM orders WHERE customer = c); -- ; \\x
       END $body$;
       CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;`,
      'shop',
    );
    source = await fingerprint(cluster().query, 'shop');

    const env = { ...process.env, PGPASSWORD: cluster().password, PGHOST: '127.0.0.1', PGPORT: String(cluster().port), PGUSER: 'postgres', P: PASSPHRASE, GNUPGHOME: path.join(ws.root, 'gnupg') };
    const sh = (script: string) => execFileSync('bash', ['-o', 'pipefail', '-c', script], { cwd: ws.dest, env, stdio: ['ignore', 'pipe', 'pipe'] });
    sh(`${BIN}/pg_dump -Fp shop > shop.sql`);
    sh('gzip -9 -c shop.sql > shop_20251027_030001.sql.gz');
    sh(`${BIN}/pg_dump -Fc -f shop.dump shop`);
    sh('openssl enc -aes-256-cbc -pbkdf2 -pass env:P -in shop_20251027_030001.sql.gz -out backup-2025-01-15-01-00-00.sql.gz.enc');
    sh('mkdir -m 700 "$GNUPGHOME" && printf "%s\\n" "$P" | gpg --symmetric --batch --pinentry-mode loopback --passphrase-fd 0 -o saasforge_latest.sql.gz.gpg shop_20251027_030001.sql.gz 2>/dev/null');
    if (hasPythonFernet) {
      fernetKey = sh(`python3 -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).toString().trim();
      sh(`python3 -c "import sys; from cryptography.fernet import Fernet; sys.stdout.buffer.write(Fernet(sys.argv[1].encode()).encrypt(open('shop_20251027_030001.sql.gz','rb').read()))" "${fernetKey}" > emiti_metrics_20240115_030000.sql.gz.enc`);
    } else {
      // No Python cryptography here: the same token format, written with node:crypto.
      fernetKey = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7)).toString('base64url') + '=';
      writeFileSync(file('emiti_metrics_20240115_030000.sql.gz.enc'), fernetEncrypt(fernetKey, readFileSync(file('shop_20251027_030001.sql.gz'))));
    }
  });
  afterAll(() => {
    spawnSync('gpgconf', ['--homedir', path.join(ws.root, 'gnupg'), '--kill', 'gpg-agent'], { stdio: 'ignore' });
    catalogDb?.close();
    ws?.cleanup();
  });

  const formats: Array<{ name: string; file: string; keys: LegacyKeys; layers: string[]; database: string }> = [
    { name: 'plain SQL (pg_dump -Fp)', file: 'shop.sql', keys: {}, layers: [], database: 'shop' },
    { name: 'gzip -9 of plain SQL', file: 'shop_20251027_030001.sql.gz', keys: {}, layers: ['gzip'], database: 'shop' },
    { name: 'custom archive (pg_dump -Fc)', file: 'shop.dump', keys: {}, layers: [], database: 'shop' },
    { name: 'openssl enc -aes-256-cbc -pbkdf2 of .sql.gz', file: 'backup-2025-01-15-01-00-00.sql.gz.enc', keys: { passphrase: PASSPHRASE }, layers: ['openssl-enc', 'gzip'], database: 'unknown' },
    { name: 'Fernet of .sql.gz', file: 'emiti_metrics_20240115_030000.sql.gz.enc', keys: {}, layers: ['fernet', 'gzip'], database: 'emiti_metrics' },
    { name: 'gpg --symmetric of .sql.gz', file: 'saasforge_latest.sql.gz.gpg', keys: { passphrase: PASSPHRASE }, layers: ['gpg', 'gzip'], database: 'saasforge' },
  ];

  it.each(formats.map((f, i) => [f.name, i] as const))('%s: import, restore from the catalog, same data', async (_name, index) => {
    const format = formats[index]!;
    const keys = format.layers[0] === 'fernet' ? { fernetKey } : format.keys;
    const imported = await importBackupFile({ file: file(format.file), keys, repo });
    expect(imported.facts.layers.map((l) => l.kind)).toEqual(format.layers);
    expect(imported.database).toBe(format.database);
    const record = repo.get(imported.backupId)!;
    expect(record).toMatchObject({ job: 'imported', status: 'succeeded', copies: [{ destinationId: `folder:${ws.dest}`, prefix: '', status: 'present' }] });
    expect(record.files).toEqual([expect.objectContaining({ role: 'dump', name: format.file, sha256: imported.facts.sha256 })]);
    expect(record.warnings[0]).toMatch(/^imported from /);
    // Importing the same file again finds the same entry.
    expect((await importBackupFile({ file: file(format.file), keys, repo })).outcome).toBe('existing');

    const db = `restored_${index}`;
    const restoreSource = await sourceFromImportedRecord(record, async (id) => new FolderDestination(id.slice('folder:'.length)));
    const report = await restoreImportedFile({ source: restoreSource, target: target(db), keys, catalog: repo });
    expect(report.mismatches).toEqual([]);
    expect(report.compared).toBe(true);
    expect(await fingerprint(cluster().query, db)).toEqual(source);
    expect(repo.verifications().filter((v) => v.backup_id === imported.backupId).map((v) => [v.kind, v.ok])).toEqual([
      ['verify', 1],
      ['restore', 1],
    ]);
  });

  it('the CLI imports an openssl file and restores it by id; a gpg file restores by path; no passphrase in any argv', async () => {
    const watch = watchProcessArgs(5);
    let argv: string[] = [];
    try {
      const imported = await runCli(['import', file('backup-2025-01-15-01-00-00.sql.gz.enc'), '--passphrase-env', 'P', '--database', 'shop', '--json'], cliEnv());
      expect(imported.code, imported.stderr).toBe(0);
      const id = (imported.json().import as { backupId: string }).backupId;
      const byId = await runCli(['restore', id, '--db', url('cli_by_id'), '--passphrase-env', 'P', '--json'], cliEnv());
      expect(byId.code, byId.stderr).toBe(0);
      const gpgRestore = await startCli(['restore', file('saasforge_latest.sql.gz.gpg'), '--db', url('cli_gpg'), '--passphrase-env', 'P'], cliEnv()).result;
      expect(gpgRestore.code, gpgRestore.stderr).toBe(0);
      expect(gpgRestore.stdout).toMatch(/Row counts match the file for all 4 tables/);
    } finally {
      argv = watch.stop();
    }
    expect(argv.some((line) => /\bgpg\b.*--passphrase-fd 3/.test(line))).toBe(true);
    expect(argv.filter((line) => line.includes(PASSPHRASE.split(' ').pop()!))).toEqual([]);
    expect(await fingerprint(cluster().query, 'cli_by_id')).toEqual(source);
    expect(await fingerprint(cluster().query, 'cli_gpg')).toEqual(source);
  });

  it('import --restore-to restores a Fernet file, then catalogues it; verify reads a custom archive', async () => {
    const res = await runCli(['import', file('emiti_metrics_20240115_030000.sql.gz.enc'), '--fernet-key-env', 'FERNET_KEY', '--restore-to', url('cli_fernet'), '--json'], cliEnv());
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toMatchObject({ import: { database: 'emiti_metrics', job: 'imported' }, restore: { targetDatabase: 'cli_fernet', mismatches: [] } });
    expect(await fingerprint(cluster().query, 'cli_fernet')).toEqual(source);
    const verify = await runCli(['verify', file('shop.dump'), '--json'], cliEnv());
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.json().verify).toMatchObject({ format: 'PostgreSQL custom archive (pg_dump -Fc)', tables: 4 });
  });

  it('a wrong passphrase or Fernet key fails clearly before any database is created', async () => {
    const cases: Array<[string, LegacyKeys, RegExp]> = [
      ['backup-2025-01-15-01-00-00.sql.gz.enc', { passphrase: 'not it' }, /passphrase does not open .* \(openssl enc -aes-256-cbc\)/],
      ['saasforge_latest.sql.gz.gpg', { passphrase: 'not it' }, /passphrase does not open .*GnuPG/],
      ['emiti_metrics_20240115_030000.sql.gz.enc', { fernetKey: Buffer.alloc(32, 9).toString('base64url') + '=' }, /Fernet key does not open .* HMAC does not match/],
    ];
    for (const [name, keys, message] of cases) {
      await expect(restoreImportedFile({ source: await sourceFromPath(file(name)), target: target('wrong_key'), keys })).rejects.toMatchObject({ code: 'DECRYPT_WRONG_KEY', message: expect.stringMatching(message) });
      expect(await exists('wrong_key')).toBe(false);
    }
    const res = await runCli(['import', file('backup-2025-01-15-01-00-00.sql.gz.enc'), '--json'], cliEnv());
    expect(res.code).toBe(1);
    expect(res.json().error).toMatchObject({ code: 'DECRYPT_NO_KEY', fix: expect.stringMatching(/--passphrase-env/) });
  });

  it('a truncated gzip fails as truncated, and the new database is dropped', async () => {
    const whole = readFileSync(file('shop_20251027_030001.sql.gz'));
    writeFileSync(file('cut.sql.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expect(restoreImportedFile({ source: await sourceFromPath(file('cut.sql.gz')), target: target('from_cut'), keys: {} })).rejects.toMatchObject({ code: 'HASH_MISMATCH', message: expect.stringMatching(/truncated: its gzip data stops before the end/) });
    expect(await exists('from_cut')).toBe(false);
    await expect(importBackupFile({ file: file('cut.sql.gz'), keys: {}, repo })).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
  });

  it('an SQL error in the middle fails the restore (ON_ERROR_STOP) and drops the database', async () => {
    const sql = readFileSync(file('shop.sql'), 'utf8');
    const at = sql.indexOf('\n--\n-- Name: orders;');
    const broken = `${sql.slice(0, at)}\nINSERT INTO public.no_such_table VALUES (1);\n${sql.slice(at)}`;
    writeFileSync(file('broken.sql'), broken);
    const line = broken.slice(0, broken.indexOf('INSERT INTO public.no_such_table')).split('\n').length;
    await expect(restoreImportedFile({ source: await sourceFromPath(file('broken.sql')), target: target('from_broken'), keys: {} })).rejects.toMatchObject({
      code: 'PG_RESTORE_FAILED',
      message: expect.stringMatching(new RegExp(`failed at line ${line}: relation "public.no_such_table" does not exist`)),
    });
    expect(await exists('from_broken')).toBe(false);
  });

  it('owners missing on the target: the restore fails and says --no-owner, which then works', async () => {
    writeFileSync(file('ghost.sql'), readFileSync(file('shop.sql'), 'utf8').replace(/OWNER TO postgres;/g, 'OWNER TO ghost_role;'));
    await expect(restoreImportedFile({ source: await sourceFromPath(file('ghost.sql')), target: target('from_ghost'), keys: {} })).rejects.toMatchObject({ code: 'PG_RESTORE_FAILED', fix: expect.stringMatching(/--no-owner/) });
    expect(await exists('from_ghost')).toBe(false);
    const report = await restoreImportedFile({ source: await sourceFromPath(file('ghost.sql')), target: target('from_ghost'), keys: {}, noOwner: true });
    expect(report.warnings.join(' ')).toMatch(/ownership statements .* skipped/);
    expect(await fingerprint(cluster().query, 'from_ghost')).toEqual(source);

    // The same with a custom archive whose owner role is gone: pg_restore --exit-on-error fails, --no-owner works.
    await cluster().query('CREATE ROLE ghost_owner');
    await cluster().query('CREATE DATABASE ghostly');
    await cluster().query('CREATE TABLE haunted (id int); INSERT INTO haunted SELECT generate_series(1, 10); ALTER TABLE haunted OWNER TO ghost_owner', 'ghostly');
    execFileSync(`${BIN}/pg_dump`, ['-Fc', '-f', file('ghostly.dump'), 'ghostly'], { env: { ...process.env, PGPASSWORD: cluster().password, PGHOST: '127.0.0.1', PGPORT: String(cluster().port), PGUSER: 'postgres' } });
    await cluster().query('DROP DATABASE ghostly');
    await cluster().query('DROP ROLE ghost_owner');
    await expect(restoreImportedFile({ source: await sourceFromPath(file('ghostly.dump')), target: target('from_ghostly'), keys: {} })).rejects.toMatchObject({
      code: 'PG_RESTORE_FAILED',
      message: expect.stringMatching(/role "ghost_owner" does not exist/),
      fix: expect.stringMatching(/--no-owner/),
    });
    expect(await exists('from_ghostly')).toBe(false);
    const custom = await restoreImportedFile({ source: await sourceFromPath(file('ghostly.dump')), target: target('from_ghostly'), keys: {}, noOwner: true });
    expect(custom.tables).toEqual([{ schema: 'public', table: 'haunted', rows: 10 }]);
    expect(custom.mismatches).toEqual([]);
  });

  it('an unknown format is refused, naming what was seen', async () => {
    writeFileSync(file('notes.txt'), 'Meeting notes: back up the database on Fridays.\n');
    const res = await runCli(['import', file('notes.txt'), '--json'], cliEnv());
    expect(res.code).toBe(1);
    expect(res.json().error).toMatchObject({ code: 'NOT_A_BACKUP', message: expect.stringMatching(/not a format Lifeboat recognises: it holds text starting with "Meeting notes: back up/) });
    const restore = await runCli(['restore', file('notes.txt'), '--db', url('from_notes')], cliEnv());
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/not a format Lifeboat recognises/);
    expect(await exists('from_notes')).toBe(false);
  });
});

interface Fingerprint {
  [table: string]: { rows: number; md5: string };
}

/** Row count and md5 of the ordered rows of every user table. */
async function fingerprint(query: (sql: string, db?: string) => Promise<{ rows: Array<Record<string, unknown>> }>, db: string): Promise<Fingerprint> {
  const tables = (await query(USER_TABLES_SQL, db)).rows as Array<{ schema: string; table: string }>;
  const out: Fingerprint = {};
  for (const { schema, table } of tables) {
    const ident = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
    const res = await query(`SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${ident} t`, db);
    out[`${schema}.${table}`] = res.rows[0] as { rows: number; md5: string };
  }
  return out;
}

/** Fernet (spec: github.com/fernet/spec), for machines without Python's cryptography. */
function fernetEncrypt(key: string, plain: Buffer): string {
  const raw = Buffer.from(key, 'base64url');
  const iv = randomBytes(16);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)));
  const cipher = createCipheriv('aes-128-cbc', raw.subarray(16), iv);
  const body = Buffer.concat([Buffer.from([0x80]), time, iv, cipher.update(plain), cipher.final()]);
  const mac = createHmac('sha256', raw.subarray(0, 16)).update(body).digest();
  return Buffer.concat([body, mac]).toString('base64url');
}
