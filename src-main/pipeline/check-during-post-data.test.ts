import { describe, expect, it } from 'vitest';
import { checkDuringPostData, VERBOSE_PROGRESS_LINE } from './check-during-post-data';

// A port nothing listens on: the early check's connection fails, which it must swallow.
const nowhere = { host: '127.0.0.1', port: 1, user: 'x', password: undefined, database: 'x', sslmode: undefined };

describe('checkDuringPostData', () => {
  it('starts only at the first "creating" after data began (pg_restore --verbose lines of a real restore)', async () => {
    const check = checkDuringPostData(nowhere);
    for (const line of ['pg_restore: connecting to database for restore', 'pg_restore: creating SCHEMA "sales"', 'pg_restore: creating TABLE "public.orders"', 'pg_restore: creating COMMENT "public.orders"']) {
      check.onStderrLine(line);
      expect(check.startedEarly(), line).toBe(false);
    }
    check.onStderrLine('pg_restore: processing data for table "public.orders"');
    check.onStderrLine('pg_restore: executing SEQUENCE SET orders_id_seq');
    expect(check.startedEarly()).toBe(false);
    check.onStderrLine('pg_restore: creating CONSTRAINT "public.orders orders_pkey"');
    expect(check.startedEarly()).toBe(true);
    // The failed early connection surfaces only when the result is asked for (after pg_restore succeeded).
    await expect(check.result()).rejects.toBeTruthy();
  });

  it('an archive without data never starts early', () => {
    const check = checkDuringPostData(nowhere);
    for (const line of ['pg_restore: creating TABLE "public.t"', 'pg_restore: creating INDEX "public.t_idx"']) check.onStderrLine(line);
    expect(check.startedEarly()).toBe(false);
  });

  it('keeps errors and warnings for messages, drops progress lines', () => {
    expect(VERBOSE_PROGRESS_LINE.test('pg_restore: creating INDEX "public.i"')).toBe(true);
    expect(VERBOSE_PROGRESS_LINE.test('pg_restore: processing data for table "public.t"')).toBe(true);
    expect(VERBOSE_PROGRESS_LINE.test('pg_restore: error: could not execute query: ERROR:  relation "x" already exists')).toBe(false);
    expect(VERBOSE_PROGRESS_LINE.test('pg_restore: warning: errors ignored on restore: 1')).toBe(false);
  });
});
