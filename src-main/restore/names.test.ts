import { describe, expect, it } from 'vitest';
import { isTmpDatabaseName, keptDatabaseName, ownerAppName, parseKeptName, restoreStamp, tmpDatabaseName } from './names';

describe('restore database names', () => {
  const stamp = restoreStamp(new Date('2025-03-04T05:06:07.890Z'));

  it('stamps UTC time as YYYYMMDDHHMMSS', () => {
    expect(stamp).toBe('20250304050607');
  });

  it('names the temporary and the kept database after the original', () => {
    expect(tmpDatabaseName('shop', stamp)).toBe('shop__lifeboat_tmp_20250304050607');
    expect(tmpDatabaseName('shop', stamp, 2)).toBe('shop__lifeboat_tmp_20250304050607_2');
    expect(keptDatabaseName('shop', stamp)).toBe('shop_before_restore_20250304050607');
    expect(isTmpDatabaseName('shop__lifeboat_tmp_20250304050607')).toBe(true);
    expect(isTmpDatabaseName('shop__lifeboat_tmp_20250304050607_3')).toBe(true);
    expect(isTmpDatabaseName('shop__lifeboat_tmp_notes')).toBe(false);
    expect(isTmpDatabaseName('shop')).toBe(false);
    expect(parseKeptName('shop_before_restore_20250304050607')).toEqual({ original: 'shop', keptAt: '2025-03-04T05:06:07Z' });
    expect(parseKeptName('shop_before_restore_soon')).toBeUndefined();
  });

  it('shortens long names to PostgreSQL’s 63 bytes without splitting a character', () => {
    const long = 'ü'.repeat(40); // 80 bytes
    for (const name of [tmpDatabaseName(long, stamp), keptDatabaseName(long, stamp, 12)]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
      expect(name).not.toContain('\uFFFD');
      expect(name.startsWith('üü')).toBe(true);
    }
    expect(isTmpDatabaseName(tmpDatabaseName(long, stamp))).toBe(true);
    expect(parseKeptName(keptDatabaseName(long, stamp, 12))?.keptAt).toBe('2025-03-04T05:06:07Z');
  });

  it('marks the owner session with a short, stable application_name', () => {
    const name = ownerAppName(tmpDatabaseName('x'.repeat(60), stamp));
    expect(name).toMatch(/^lifeboat-restore:[0-9a-f]{16}$/);
    expect(name.length).toBeLessThan(64);
    expect(ownerAppName('a__lifeboat_tmp_20250304050607')).toBe(ownerAppName('a__lifeboat_tmp_20250304050607'));
    expect(ownerAppName('a__lifeboat_tmp_20250304050607')).not.toBe(ownerAppName('b__lifeboat_tmp_20250304050607'));
  });
});
