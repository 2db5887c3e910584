import { describe, expect, it } from 'vitest';
import { jobConfigSchema } from '../../../../src-shared/job';
import { drillFromFlags } from './job-drill-flags';

const DEFAULT = jobConfigSchema.shape.drill.parse(undefined);

describe('--drill and --drill-sandbox', () => {
  it('presets run at 04:00; schedule words are read like --schedule; off and on keep the schedule', () => {
    expect(drillFromFlags({}, DEFAULT)).toEqual({ enabled: true, schedule: { kind: 'weekly', day: 0, time: '04:00' }, sandbox: 'local' });
    expect(drillFromFlags({ drill: 'daily' }, DEFAULT).schedule).toEqual({ kind: 'daily', time: '04:00' });
    expect(drillFromFlags({ drill: 'Monthly' }, DEFAULT).schedule).toEqual({ kind: 'monthly', dayOfMonth: 1, time: '04:00' });
    expect(drillFromFlags({ drill: 'weekly sat 05:30' }, DEFAULT).schedule).toEqual({ kind: 'weekly', day: 6, time: '05:30' });
    expect(drillFromFlags({ drill: '0 5 * * 6' }, DEFAULT).schedule).toEqual({ kind: 'cron', expression: '0 5 * * 6' });
    const off = drillFromFlags({ drill: 'off' }, { ...DEFAULT, schedule: { kind: 'daily', time: '03:00' } });
    expect(off).toEqual({ enabled: false, schedule: { kind: 'daily', time: '03:00' }, sandbox: 'local' });
    expect(drillFromFlags({ drill: 'on' }, off)).toEqual({ ...off, enabled: true });
  });

  it('sandboxes: local, source (the job’s server); anything else is refused saying what is allowed', () => {
    expect(drillFromFlags({ drillSandbox: 'source' }, DEFAULT).sandbox).toBe('source-server');
    expect(drillFromFlags({ drillSandbox: 'local' }, { ...DEFAULT, sandbox: 'source-server' }).sandbox).toBe('local');
    expect(() => drillFromFlags({ drillSandbox: 'cloud' }, DEFAULT)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: '--drill-sandbox must be local or source, not "cloud".' }));
    expect(() => drillFromFlags({ drill: 'fortnightly' }, DEFAULT)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: '--drill "fortnightly" is not a drill schedule Lifeboat understands.' }));
  });
});
