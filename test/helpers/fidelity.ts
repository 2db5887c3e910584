// The fidelity fixture and the two comparisons that decide whether a restored database is the
// same as its source: the schema (pg_dump --schema-only, normalised) and the data (an md5 per
// table, sequence state, large object contents).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { LocalCluster } from '../../src-main/pg/local-cluster';

export const FIDELITY_SCHEMA_PATH = fileURLToPath(new URL('../fixtures/fidelity-schema.sql', import.meta.url));

/** The system PostgreSQL 15 client tools (pg_dump 15 reads servers 9.2 to 15, not 16). */
export const PG15_CLIENT_BIN = '/usr/lib/postgresql/15/bin';

/** Creates `database` if it does not exist, then loads the fixture into it (one transaction). */
export async function loadFidelitySchema(cluster: LocalCluster, database: string): Promise<void> {
  const exists = await cluster.query(`select 1 from pg_database where datname = ${pg.escapeLiteral(database)}`);
  if (exists.rowCount === 0) await cluster.query(`create database ${pg.escapeIdentifier(database)}`);
  await cluster.query(readFileSync(FIDELITY_SCHEMA_PATH, 'utf8'), database);
}

/** Environment for a client tool talking to this cluster: the password travels in env, never argv. */
export function clientEnv(cluster: LocalCluster): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('PG')) env[name] = value; // no stray PGDATABASE, PGSERVICE, ...
  }
  return { ...env, PGPASSWORD: cluster.password, PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.superuser };
}

/**
 * `pg_dump --schema-only` of the database (owners and privileges included), normalised only
 * for what legitimately differs between two databases: the random \restrict keys and the
 * database name in comment lines.
 */
export async function schemaDump(cluster: LocalCluster, database: string, options: { pgDump?: string } = {}): Promise<string> {
  const pgDump = options.pgDump ?? `${PG15_CLIENT_BIN}/pg_dump`;
  const { code, stdout, stderr } = await runTool(pgDump, ['--schema-only', '--no-password', `--dbname=${database}`], clientEnv(cluster));
  if (code !== 0) throw new Error(`pg_dump --schema-only of ${database} failed (exit code ${code}):\n${stderr}`);
  const name = new RegExp(escapeRegExp(database), 'g');
  return stdout
    .split('\n')
    .map((line) => {
      if (/^\\(restrict|unrestrict) /.test(line)) return line.replace(/ .*/, ' <key>');
      if (line.startsWith('--')) return line.replace(name, '<database>');
      return line;
    })
    .join('\n');
}

/**
 * What the database holds, as comparable strings: for every table, partition and materialized
 * view "rowcount:md5 of all rows in a fixed order"; for every sequence "last_value:is_called";
 * for every large object "md5:comment". Keys: `schema.table`, `sequence schema.name`, `large object OID`.
 */
export async function dataFingerprint(cluster: LocalCluster, database: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: cluster.url(database) });
  await client.connect();
  try {
    // Fixed output formats, so the text form of every value depends only on the value.
    await client.query(`set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres';
      set extra_float_digits = 1; set bytea_output = 'hex'; set row_security = off`);
    const fingerprint: Record<string, string> = {};
    const relations = await client.query<{ name: string; kind: string }>(`
      select format('%I.%I', n.nspname, c.relname) as name, c.relkind::text as kind
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm', 'S')
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
      order by 1`);
    for (const { name, kind } of relations.rows) {
      if (kind === 'S') {
        const { rows } = await client.query(`select last_value::text as v, is_called from ${name}`);
        fingerprint[`sequence ${name}`] = `${rows[0].v}:${rows[0].is_called}`;
      } else {
        const { rows } = await client.query(
          `select count(*) as n, md5(string_agg(t::text, E'\\n' order by t::text collate "C")) as md5 from ${name} t`,
        );
        fingerprint[name] = `${rows[0].n}:${rows[0].md5 ?? 'empty'}`;
      }
    }
    const objects = await client.query<{ oid: string; md5: string; comment: string | null }>(`
      select oid::text, md5(lo_get(oid)) as md5, obj_description(oid, 'pg_largeobject') as comment
      from pg_largeobject_metadata order by oid`);
    for (const { oid, md5, comment } of objects.rows) fingerprint[`large object ${oid}`] = `${md5}:${comment ?? ''}`;
    return fingerprint;
  } finally {
    await client.end();
  }
}

function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
