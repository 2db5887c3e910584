import { describe, expect, it } from 'vitest';
import type { PgToolSet } from './tool-locator';
import { toolChoiceForServer } from './tool-version-warning';

function set(major: number, source: PgToolSet['source']): PgToolSet {
  const dir = `/tools/${major}`;
  return { dir, source, version: `${major}.3`, major, paths: { pg_dump: `${dir}/pg_dump`, pg_restore: `${dir}/pg_restore`, psql: `${dir}/psql`, pg_dumpall: `${dir}/pg_dumpall` } };
}

describe('toolChoiceForServer', () => {
  it('names the tools backups will use, without a warning, when they are new enough', () => {
    expect(toolChoiceForServer([set(15, 'bundled'), set(17, 'system')], 16, '16.4')).toEqual({ toolVersion: '17.3' });
    expect(toolChoiceForServer([set(16, 'bundled')], 16, '16.4')).toEqual({ toolVersion: '16.3' });
  });

  it('warns, with the fix, when the server is newer than every tool found', () => {
    const choice = toolChoiceForServer([set(15, 'bundled'), set(14, 'system')], 17, '17.2');
    expect(choice.toolVersion).toBe('15.3');
    expect(choice.warning).toMatch(/^The server runs PostgreSQL 17\.2, but the newest pg_dump found is 15/);
    expect(choice.warning).toContain('postgresql-client-17');
    expect(choice.warning).toMatch(/Until then, backups of this server will fail\.$/);
  });

  it('warns when there are no client tools at all', () => {
    expect(toolChoiceForServer([], 16, '16.1')).toEqual({ toolVersion: 'none', warning: expect.stringMatching(/^No PostgreSQL client tools.*postgresql-client-16/) });
  });
});
