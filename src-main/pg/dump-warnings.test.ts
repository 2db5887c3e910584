import { describe, expect, it } from 'vitest';
import { classifyDumpStderr, incompleteDumpError } from './dump-warnings';

describe('classifyDumpStderr', () => {
  it('treats warnings that mean skipped data as fatal and keeps the rest as warnings', () => {
    const result = classifyDumpStderr([
      'pg_dump: warning: there are circular foreign-key constraints on this table:',
      'pg_dump: warning: permission denied for sequence invoice_no_seq',
      'pg_dump: last built-in OID is 16383',
    ]);
    expect(result.skipped).toEqual(['pg_dump: warning: permission denied for sequence invoice_no_seq']);
    expect(result.warnings).toEqual(['pg_dump: warning: there are circular foreign-key constraints on this table:']);
  });

  it('builds an error naming the skipped object', () => {
    const error = incompleteDumpError(['pg_dump: warning: permission denied for sequence invoice_no_seq'], 'shop');
    expect(error.code).toBe('PG_DUMP_INCOMPLETE');
    expect(error.message).toBe('pg_dump skipped sequence "invoice_no_seq" in "shop", so this backup would be incomplete.');
  });
});
