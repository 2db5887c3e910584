import { describe, expect, it } from 'vitest';
import { backupSetNames, manifestNameFor, newBackupId, safeName } from './backup-names';

describe('backup names', () => {
  it('lays a set out by job, database, year and month', () => {
    const names = backupSetNames('nightly', 'shop', new Date('2026-03-04T05:06:07.891Z'), 'abc123');
    expect(names).toEqual({
      prefix: 'nightly/shop/2026/03',
      base: 'shop_20260304T050607Z_abc123',
      dump: 'shop_20260304T050607Z_abc123.dump.zst.age',
      globals: 'shop_20260304T050607Z_abc123.globals.sql.zst.age',
      manifest: 'shop_20260304T050607Z_abc123.manifest.json',
    });
  });
  it('makes hostile names safe but keeps non-ASCII readable', () => {
    expect(safeName('../etc/passwd')).toBe('__etc_passwd');
    expect(safeName('Größe müşteri')).toBe('Größe_müşteri');
    expect(safeName('')).toBe('_');
  });
  it('ids are unique and sort by time', () => {
    const a = newBackupId(new Date('2026-01-01T00:00:00Z'));
    const b = newBackupId(new Date('2026-01-01T00:00:01Z'));
    expect(a).toMatch(/^[0-9a-z]{13}$/);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newBackupId())).size).toBe(1000);
  });
  it('finds the manifest beside a dump or globals file', () => {
    expect(manifestNameFor('shop_x_1.dump.zst.age')).toBe('shop_x_1.manifest.json');
    expect(manifestNameFor('shop_x_1.globals.sql.zst.age')).toBe('shop_x_1.manifest.json');
    expect(manifestNameFor('random.sql.gz')).toBeUndefined();
  });
});
