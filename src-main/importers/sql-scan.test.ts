import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isOwnerStatement, parseTableName, SqlScanner, type SqlScanOptions } from './sql-scan';

async function scan(text: string | Buffer[], options: Partial<SqlScanOptions> = {}, chunkSize = 0): Promise<{ out: string; scanner: SqlScanner }> {
  const scanner = new SqlScanner({ label: 'test.sql', ...options });
  const chunks: Buffer[] = [];
  let input: Buffer[];
  if (typeof text === 'string') {
    const all = Buffer.from(text);
    input = [];
    const size = chunkSize || all.length || 1;
    for (let i = 0; i < all.length; i += size) input.push(all.subarray(i, i + size));
  } else input = text;
  await pipeline(Readable.from(input), scanner, new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) }));
  return { out: Buffer.concat(chunks).toString(), scanner };
}

const DUMP = `--
-- PostgreSQL database dump
--

\\restrict abc123

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE FUNCTION public.f() RETURNS text
    LANGUAGE sql
    AS $_$ SELECT 'a;b' || $1; -- not a comment end
$_$;

ALTER FUNCTION public.f() OWNER TO alice;

CREATE TABLE public.entries (
    id integer NOT NULL,
    memo text DEFAULT 'x;y'::text
);

ALTER TABLE public.entries OWNER TO alice;

COMMENT ON TABLE public.entries IS 'it''s; a /* table */ -- here';

COPY public.entries (id, memo) FROM stdin;
1\tentry 1
2\t\\\\.not the end
3\t-- not a comment;
\\.

COPY "Sales"."Order Lines" (id) FROM stdin;
7
\\.

/* a block /* nested */ comment; */
ALTER TABLE ONLY public.entries
    ADD CONSTRAINT entries_pkey PRIMARY KEY (id);

--
-- PostgreSQL database dump complete
--

\\unrestrict abc123

`;

describe('SqlScanner', () => {
  it('passes a pg_dump file through, counts COPY rows per table and reads the header', async () => {
    const { out, scanner } = await scan(DUMP);
    expect(scanner.facts.copyRows).toEqual([
      { schema: 'Sales', table: 'Order Lines', rows: 1 },
      { schema: 'public', table: 'entries', rows: 3 },
    ]);
    expect(scanner.facts.fromPgDump).toBe(true);
    expect(scanner.facts.dumpComplete).toBe(true);
    expect(scanner.facts.serverVersion).toBe('15.18');
    expect(scanner.facts.toolVersion).toBe('15.18');
    // \restrict lines are dropped but their newline kept: line numbers do not move.
    expect(out).not.toContain('restrict');
    expect(out.split('\n').length).toBe(DUMP.split('\n').length);
    expect(out).toBe(DUMP.replace('\\restrict abc123', '').replace('\\unrestrict abc123', ''));
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const whole = await scan(DUMP);
    for (const size of [1, 2, 3, 7, 64]) {
      const split = await scan(DUMP, { noOwner: true }, size);
      const reference = await scan(DUMP, { noOwner: true });
      expect(split.out).toBe(reference.out);
      expect(split.scanner.facts).toEqual(reference.scanner.facts);
      expect(split.scanner.facts.copyRows).toEqual(whole.scanner.facts.copyRows);
    }
  });

  it('drops ownership statements with noOwner, keeping line numbers', async () => {
    const { out, scanner } = await scan(DUMP, { noOwner: true });
    expect(out).not.toContain('OWNER TO');
    expect(scanner.facts.droppedOwnerStatements).toBe(2);
    expect(out.split('\n').length).toBe(DUMP.split('\n').length);
    expect(out).toContain("COMMENT ON TABLE public.entries IS 'it''s; a /* table */ -- here';");
  });

  it('wraps in BEGIN … COMMIT only when the whole file was read', async () => {
    const { out } = await scan(DUMP, { transaction: true });
    expect(out.startsWith('BEGIN;--')).toBe(true);
    expect(out.endsWith('\nCOMMIT;\n')).toBe(true);
    const cut = DUMP.slice(0, DUMP.indexOf('2\t'));
    const chunks: string[] = [];
    const scanner = new SqlScanner({ label: 'cut.sql', transaction: true });
    await expect(pipeline(Readable.from([Buffer.from(cut)]), scanner, new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c.toString()), done()) }))).rejects.toThrow(/cut\.sql is incomplete: it ends inside the data of public\.entries/);
    expect(chunks.join('')).not.toContain('COMMIT');
  });

  it('says a pg_dump file without its trailer is truncated', async () => {
    const cut = DUMP.slice(0, DUMP.indexOf('--\n-- PostgreSQL database dump complete'));
    await expect(scan(cut)).rejects.toMatchObject({ code: 'HASH_MISMATCH', message: expect.stringMatching(/dump complete" is missing/) });
  });

  it('says where a file ends inside a quote, a dollar body or a statement', async () => {
    await expect(scan("SELECT 'abc")).rejects.toThrow(/inside a quoted string/);
    await expect(scan('CREATE FUNCTION f() AS $$ SELECT 1;')).rejects.toThrow(/inside a \$\$-quoted body/);
    await expect(scan('SELECT 1;\nSELECT 2')).rejects.toThrow(/\(line 2: SELECT 2…\) has no closing semicolon/);
  });

  it('refuses \\connect, CREATE DATABASE and other psql commands', async () => {
    await expect(scan('CREATE DATABASE x;\n')).rejects.toThrow(/pg_dump --create/);
    await expect(scan('SELECT 1;\n\\connect other\nSELECT 2;\n')).rejects.toThrow(/switches to another database at line 2/);
    await expect(scan("SELECT 1;\n\\! rm -rf /\n")).rejects.toThrow(/psql command \\! at line 2/);
    // A backslash inside a string or a dollar body is not a command.
    await expect(scan("SELECT E'a\\'b\\\\c';\nSELECT $$ \\x $$;\nSELECT 'a\\';\n")).resolves.toBeDefined();
  });

  it('handles E strings, standard_conforming_strings off and $n parameters', async () => {
    const { scanner } = await scan("SELECT E'it\\'s;';\nSET standard_conforming_strings = off;\nSELECT 'a\\'; b';\nPREPARE p AS SELECT $1;\n");
    expect(scanner.facts.statements).toBe(4);
  });

  it('does not count rows it cannot (INSERT dumps, CSV)', async () => {
    expect((await scan('INSERT INTO t VALUES (1);\n')).scanner.facts.copyRows).toBeUndefined();
    expect((await scan('COPY t FROM stdin WITH CSV;\n"a\nb"\n\\.\n')).scanner.facts.copyRows).toBeUndefined();
    expect((await scan('SET search_path = shop, pg_catalog;\nCOPY items (id) FROM stdin;\n1\n\\.\n')).scanner.facts.copyRows).toEqual([{ schema: 'shop', table: 'items', rows: 1 }]);
  });

  it('refuses a pg_dumpall file and an empty one', async () => {
    await expect(scan('--\n-- PostgreSQL database cluster dump\n--\n\nCREATE ROLE x;\n')).rejects.toThrow(/pg_dumpall/);
    await expect(scan('-- nothing here\n')).rejects.toThrow(/no SQL statement/);
  });
});

describe('SQL helpers', () => {
  it('recognises ownership statements', () => {
    expect(isOwnerStatement('ALTER TABLE public.entries OWNER TO alice;')).toBe(true);
    expect(isOwnerStatement('ALTER FUNCTION public.f(a integer, b text) OWNER TO "Bob Smith";')).toBe(true);
    expect(isOwnerStatement('ALTER DEFAULT PRIVILEGES FOR ROLE a GRANT SELECT ON TABLES TO b;')).toBe(false);
    expect(isOwnerStatement('ALTER TABLE ONLY public.entries ADD CONSTRAINT owner_to_pk PRIMARY KEY (id);')).toBe(false);
  });

  it('parses table names', () => {
    expect(parseTableName('public.entries', '')).toEqual({ schema: 'public', table: 'entries' });
    expect(parseTableName('"My Schema"."Order ""Lines"""', '')).toEqual({ schema: 'My Schema', table: 'Order "Lines"' });
    expect(parseTableName('Entries', 'shop')).toEqual({ schema: 'shop', table: 'entries' });
    expect(parseTableName('entries', '')).toBeUndefined();
    expect(parseTableName('a.b.c', '')).toBeUndefined();
  });
});
