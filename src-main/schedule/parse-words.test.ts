import { describe, expect, it } from 'vitest';
import { parseScheduleWords } from './parse-words';

describe('parseScheduleWords', () => {
  it.each([
    ['daily 02:30', { kind: 'daily', time: '02:30' }],
    ['Weekdays 19:00', { kind: 'weekdays', time: '19:00' }],
    ['every 6 hours', { kind: 'every-hours', hours: 6 }],
    ['every hour', { kind: 'every-hours', hours: 1 }],
    ['weekly sunday 03:00', { kind: 'weekly', day: 0, time: '03:00' }],
    ['monthly 31 01:00', { kind: 'monthly', dayOfMonth: 31, time: '01:00' }],
    ['0 3 * * 1-5', { kind: 'cron', expression: '0 3 * * 1-5' }],
    ['cron: 15 */2 * * *', { kind: 'cron', expression: '15 */2 * * *' }],
  ])('%s', (text, spec) => {
    expect(parseScheduleWords(text)).toEqual(spec);
  });
  it('explains what it accepts', () => {
    expect(() => parseScheduleWords('nightly')).toThrowError(/"nightly" is not a schedule/);
  });
});
