// The README's first quick-start line must keep working: `npm run demo` end to end.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('backs up, verifies and restores sample data, then cleans up', () => {
    const res = spawnSync('npx', ['tsx', 'scripts/demo.ts'], { encoding: 'utf8', timeout: 110_000 });
    expect(res.stderr).not.toMatch(/demo failed/);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Row counts match the backup for all 6 tables/);
    expect(res.stdout.match(/ ✓\n/g)).toHaveLength(6);
    expect(res.stdout).toMatch(/age -d -i .* \| zstd -d \| pg_restore|zstd -d \| pg_restore/);
    const workDir = /catalog \+ logs (\S+)/.exec(res.stdout)?.[1];
    expect(workDir).toBeDefined();
    expect(spawnSync('test', ['-e', workDir!]).status).not.toBe(0);
  });
});
