import { describe, expect, it } from 'vitest';
import { compareRowCounts } from './row-check';

describe('compareRowCounts', () => {
  it('reports tables whose counts differ, vanished or appeared', () => {
    const expected = [
      { schema: 'public', table: 'a', rows: 10 },
      { schema: 'public', table: 'b', rows: 5 },
      { schema: 'x', table: 'gone', rows: 1 },
    ];
    const actual = [
      { schema: 'public', table: 'a', rows: 10 },
      { schema: 'public', table: 'b', rows: 4 },
      { schema: 'x', table: 'new', rows: 0 },
    ];
    expect(compareRowCounts(expected, actual)).toEqual([
      { schema: 'public', table: 'b', expected: 5, actual: 4 },
      { schema: 'x', table: 'gone', expected: 1, actual: null },
      { schema: 'x', table: 'new', expected: null, actual: 0 },
    ]);
    expect(compareRowCounts(expected, expected)).toEqual([]);
  });
});
