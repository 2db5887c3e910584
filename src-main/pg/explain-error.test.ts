import { describe, expect, it } from 'vitest';
import { deniedObject, explainClientError, explainToolOutput, type ErrorContext } from './explain-error';

const ctx: ErrorContext = { target: 'backup@db.local:5432/shop', host: 'db.local', port: 5432, user: 'backup', database: 'shop', tool: 'pg_dump' };

describe('explainToolOutput', () => {
  it.each([
    ['pg_dump: error: connection to server at "db.local" (10.0.0.5), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?', 'PG_UNREACHABLE'],
    ['pg_dump: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication failed for user "backup"', 'PG_AUTH_FAILED'],
    ['pg_dump: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "shopp" does not exist', 'PG_DB_MISSING'],
    ['pg_dump: error: query failed: ERROR:  permission denied for table payroll', 'PG_PERMISSION_DENIED'],
    ['pg_dump: error: query failed: ERROR:  canceling statement due to lock timeout\npg_dump: error: query was: LOCK TABLE public.orders IN ACCESS SHARE MODE', 'PG_LOCK_TIMEOUT'],
    ['pg_dump: error: aborting because of server version mismatch\npg_dump: detail: server version: 16.4; pg_dump version: 15.18', 'PG_VERSION_MISMATCH'],
  ])('recognises %s', (stderr, code) => {
    expect(explainToolOutput(stderr, ctx)?.code).toBe(code);
  });

  it('names the denied table and the grant that fixes it', () => {
    const error = explainToolOutput('pg_dump: error: query failed: ERROR:  permission denied for table payroll', ctx)!;
    expect(error.message).toContain('table "payroll"');
    expect(error.fix).toContain('GRANT SELECT ON payroll TO "backup"');
  });

  it('recognises pg_dump --lock-wait-timeout and names the locked table', () => {
    const error = explainToolOutput('pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout\npg_dump: detail: Query was: LOCK TABLE public.orders IN ACCESS SHARE MODE', ctx)!;
    expect(error.code).toBe('PG_LOCK_TIMEOUT');
    expect(error.message).toContain('table "public.orders"');
  });

  it('names both versions on a mismatch', () => {
    const error = explainToolOutput('pg_dump: error: aborting because of server version mismatch\npg_dump: detail: server version: 16.4; pg_dump version: 15.18', ctx)!;
    expect(error.message).toMatch(/pg_dump 15\.18 cannot back up a PostgreSQL 16\.4 server/);
  });

  it('returns undefined for output it does not know', () => {
    expect(explainToolOutput('pg_dump: error: something new', ctx)).toBeUndefined();
  });
});

describe('explainClientError', () => {
  it('maps SQLSTATE and network codes', () => {
    expect(explainClientError({ code: '28P01', message: 'password authentication failed' }, ctx).code).toBe('PG_AUTH_FAILED');
    expect(explainClientError({ code: '3D000', message: 'database "x" does not exist' }, ctx).code).toBe('PG_DB_MISSING');
    expect(explainClientError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, ctx).code).toBe('PG_UNREACHABLE');
    expect(explainClientError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND' }, ctx).message).toContain('could not be resolved');
    expect(explainClientError({ code: '55P03', message: 'could not obtain lock on relation "orders"' }, ctx).message).toContain('"orders"');
  });
});

describe('deniedObject', () => {
  it('extracts kind and name', () => {
    expect(deniedObject('ERROR:  permission denied for sequence invoice_no_seq')).toEqual({ kind: 'sequence', name: 'invoice_no_seq' });
    expect(deniedObject('nothing here')).toBeUndefined();
  });
});
