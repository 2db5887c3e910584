import { describe, expect, it } from 'vitest';
import { candidateToolDirs, chooseToolSet, findToolSets, parseToolVersion, type PgToolSet } from './tool-locator';

function set(major: number, source: PgToolSet['source'], dir = `/tools/${major}`): PgToolSet {
  const paths = { pg_dump: `${dir}/pg_dump`, pg_restore: `${dir}/pg_restore`, psql: `${dir}/psql`, pg_dumpall: `${dir}/pg_dumpall` };
  return { dir, source, version: `${major}.2`, major, paths };
}

describe('parseToolVersion', () => {
  it('reads Debian, EDB and development version strings', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)')).toEqual({ version: '15.18', major: 15 });
    expect(parseToolVersion('pg_dump (PostgreSQL) 17.2')).toEqual({ version: '17.2', major: 17 });
    expect(parseToolVersion('pg_dump (PostgreSQL) 18devel')).toEqual({ version: '18', major: 18 });
    expect(parseToolVersion('something else')).toBeUndefined();
  });
});

describe('chooseToolSet', () => {
  it('prefers bundled tools when they are new enough', () => {
    expect(chooseToolSet([set(16, 'bundled'), set(17, 'system')], 15, '15.4').source).toBe('bundled');
  });
  it('falls back to the newest system tools when bundled ones are too old', () => {
    expect(chooseToolSet([set(14, 'bundled'), set(15, 'system'), set(17, 'system')], 16, '16.1').major).toBe(17);
  });
  it('explains a mismatch with the server version and what was found', () => {
    expect(() => chooseToolSet([set(15, 'system')], 16, '16.4')).toThrowError(/PostgreSQL 16\.4.*newest pg_dump found is 15.*\/tools\/15/);
    try {
      chooseToolSet([set(15, 'system')], 16, '16.4');
    } catch (error) {
      expect((error as { code: string }).code).toBe('PG_VERSION_MISMATCH');
      expect((error as { fix: string }).fix).toContain('postgresql-client-16');
    }
  });
  it('says tools are missing when there are none', () => {
    expect(() => chooseToolSet([], 15, '15.1')).toThrowError(/No PostgreSQL client tools/);
  });
});

describe('candidateToolDirs', () => {
  it('puts LIFEBOAT_PG_TOOLS first, then the bundled folder, then the system', () => {
    const dirs = candidateToolDirs({ LIFEBOAT_PG_TOOLS: '/opt/pg/bin', PATH: '/usr/bin' });
    expect(dirs[0]).toEqual({ dir: '/opt/pg/bin', source: 'env' });
    expect(dirs[1]?.source).toBe('bundled');
    expect(dirs[1]?.dir).toMatch(/resources\/pg-tools\/linux-x64\/bin$/);
    expect(dirs.some((d) => d.dir === '/usr/lib/postgresql/15/bin' && d.source === 'system')).toBe(true);
  });
  it('finds the real PostgreSQL 15 tools on this machine, not the Debian wrapper', async () => {
    const sets = await findToolSets();
    // Only the system's: a checkout with fetched tools (npm run fetch-pg-tools) also has a bundled 15.
    const system15 = sets.filter((s) => s.major === 15 && s.source === 'system');
    expect(system15.map((s) => s.dir)).toEqual(['/usr/lib/postgresql/15/bin']);
  });
});
