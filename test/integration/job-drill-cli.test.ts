// The restore drill through `lifeboat job add / edit / show`, as an admin would set it up: no
// database server is needed, since creating and editing a job does not connect to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobConfig } from '../../src-shared/job';
import { runCli } from '../helpers/cli';
import { createWorkspace, type Workspace } from '../helpers/workspace';

describe('lifeboat job: restore drill flags', () => {
  let ws: Workspace;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(() => {
    ws = createWorkspace();
    env = { LIFEBOAT_HOME: ws.home, LIFEBOAT_SECRETS: 'env' };
  });
  afterAll(() => ws?.cleanup());

  it('job add takes --drill and --drill-sandbox; job show gives the drill, its next run and the last one', async () => {
    const add = await cli('job', 'add', 'nightly', '--db', 'postgres://backup@127.0.0.1:1/shop', '--to', ws.dest, '--schedule', 'daily 02:30', '--time-zone', 'Europe/Berlin', '--recipient', ws.recipient, '--drill', 'weekly sat 05:30', '--drill-sandbox', 'source', '--json');
    expect(add.code, add.stderr).toBe(0);
    expect((add.json().job as JobConfig).drill).toEqual({ enabled: true, schedule: { kind: 'weekly', day: 6, time: '05:30' }, sandbox: 'source-server' });
    const show = await cli('job', 'show', 'nightly');
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain("  drill        Every Saturday at 05:30 (Europe/Berlin), in a temporary database on the job's server\n");
    expect(show.stdout).toMatch(/^ {2}next drill {3}\d{4}-\d{2}-\d{2} 05:30 \+0[12]:00$/m);
    expect(show.stdout).toContain('  last drill   never\n');
  });

  it('job edit turns the drill off and back on as a preset, refusing what it cannot read', async () => {
    const off = await cli('job', 'edit', 'nightly', '--drill', 'off');
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toBe('Changed job "nightly": Every day at 02:30 (Europe/Berlin); restore drill off.\n');
    const shown = (await cli('job', 'show', 'nightly')).stdout;
    expect(shown).toContain('  drill        off\n');
    expect(shown).not.toContain('next drill');

    const bad = await cli('job', 'edit', 'nightly', '--drill', 'daily 25:00');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/The restore drill schedule is not valid: The time "25:00" is not valid: hours go from 00 to 23\./);
    const nothing = await cli('job', 'edit', 'nightly');
    expect(nothing.stderr).toMatch(/Nothing to change in job "nightly"\./);

    const on = await cli('job', 'edit', 'nightly', '--drill', 'daily', '--drill-sandbox', 'local', '--json');
    expect(on.code, on.stderr).toBe(0);
    expect((on.json().job as JobConfig).drill).toEqual({ enabled: true, schedule: { kind: 'daily', time: '04:00' }, sandbox: 'local' });
    const activity = await cli('activity', '--json');
    const edits = (activity.json().entries as Array<{ event: string; details: string }>).filter((e) => e.event === 'job_edited').map((e) => e.details);
    expect(edits).toEqual([
      'Job "nightly" changed: Every day at 02:30 (Europe/Berlin); restore drill Every day at 04:00 (Europe/Berlin), in a throwaway PostgreSQL cluster on this machine',
      'Job "nightly" changed: Every day at 02:30 (Europe/Berlin); restore drill off',
    ]);
  });
});
