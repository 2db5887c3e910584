import { describe, expect, it } from 'vitest';
import { planGlobals, redactStatement, splitSql } from './globals';

const DUMPALL = `--
-- PostgreSQL database cluster dump
--

\\restrict abc123

SET default_transaction_read_only = off;

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

--
-- Roles
--

CREATE ROLE app;
ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;
CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy';
CREATE ROLE "Odd ""Name""";
ALTER ROLE "Odd ""Name""" WITH LOGIN PASSWORD 'x;y''z';
ALTER ROLE postgres SET search_path TO 'public';
COMMENT ON ROLE app IS 'the app; -- not a comment';

--
-- Role memberships
--

GRANT app TO "Odd ""Name""" GRANTED BY postgres;
GRANT app TO postgres WITH ADMIN OPTION GRANTED BY postgres;

--
-- Tablespaces
--

CREATE TABLESPACE fast OWNER postgres LOCATION '/mnt/fast';

\\unrestrict abc123

--
-- PostgreSQL database cluster dump complete
--
`;

describe('globals file', () => {
  it('splits statements, respecting quotes, comments and dollar quotes; meta-commands come back alone', () => {
    expect(splitSql("SELECT 'a;b'; -- x;\nSELECT \"c;d\" /* ; */ ;\\restrict k\nDO $x$ BEGIN; END $x$;")).toEqual([
      "SELECT 'a;b';",
      'SELECT "c;d" /* ; */ ;',
      '\\restrict k',
      'DO $x$ BEGIN; END $x$;',
    ]);
    expect(splitSql("COMMENT ON ROLE a IS E'it\\'s; fine';")).toEqual(["COMMENT ON ROLE a IS E'it\\'s; fine';"]);
    expect(splitSql("SELECT E'a\\\\'; SELECT 2;")).toEqual(["SELECT E'a\\\\';", 'SELECT 2;']);
  });

  it('creates missing roles and leaves existing ones exactly as they are', () => {
    const plan = planGlobals(DUMPALL, { roles: new Set(['postgres']) });
    expect(plan.report.rolesCreated).toEqual(['app', 'Odd "Name"']);
    expect(plan.report.rolesKept).toEqual(['postgres']);
    expect(plan.statements).toEqual([
      'SET default_transaction_read_only = off;',
      "SET client_encoding = 'UTF8';",
      'SET standard_conforming_strings = on;',
      'CREATE ROLE app;',
      'ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;',
      'CREATE ROLE "Odd ""Name""";',
      `ALTER ROLE "Odd ""Name""" WITH LOGIN PASSWORD 'x;y''z';`,
      "COMMENT ON ROLE app IS 'the app; -- not a comment';",
      'GRANT app TO "Odd ""Name""" GRANTED BY postgres;',
    ]);
    expect(plan.report.skipped).toEqual(
      expect.arrayContaining([
        { reason: expect.stringMatching(/meta-commands/), count: 2 },
        { reason: 'CREATE ROLE for roles that exist already', count: 1 },
        { reason: expect.stringMatching(/^attributes, passwords/), count: 2 },
        { reason: expect.stringMatching(/^new memberships of existing roles/), count: 1 },
        { reason: expect.stringMatching(/^tablespaces/), count: 1 },
      ]),
    );
    expect(plan.report.warnings).toEqual([expect.stringMatching(/tablespaces; they were not created/)]);
  });

  it('on an empty server, runs everything but tablespaces', () => {
    const plan = planGlobals(DUMPALL, { roles: new Set() });
    expect(plan.report.rolesCreated).toEqual(['app', 'postgres', 'Odd "Name"']);
    expect(plan.statements.filter((s) => /TABLESPACE|^\\\\/.test(s))).toEqual([]);
    expect(plan.statements).toContain('GRANT app TO postgres WITH ADMIN OPTION GRANTED BY postgres;');
  });

  it('masks passwords in statements shown in errors', () => {
    expect(redactStatement("ALTER ROLE a WITH LOGIN PASSWORD 'SCRAM-SHA-256$4096:abc'")).toBe("ALTER ROLE a WITH LOGIN PASSWORD '***'");
    expect(redactStatement("ALTER ROLE a PASSWORD 'it''s'")).toBe("ALTER ROLE a PASSWORD '***'");
  });
});
