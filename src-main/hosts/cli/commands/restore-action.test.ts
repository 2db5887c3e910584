import { describe, expect, it } from 'vitest';
import { planFromFlags, type RestoreFlags } from './restore-action';

const base: RestoreFlags = { db: 'postgres://u@localhost/shop', owner: true, privileges: true };

describe('lifeboat restore flags', () => {
  it('maps flags to restore options', () => {
    expect(planFromFlags(base)).toEqual({ mode: 'new', options: { noOwner: false, noPrivileges: false, section: undefined, jobs: undefined, selection: undefined, into: 'new', replaceTables: undefined } });
    const plan = planFromFlags({ ...base, owner: false, privileges: false, tables: 'a, sales.b', jobs: '4', schemaOnly: true });
    expect(plan.options).toMatchObject({ noOwner: true, noPrivileges: true, section: 'schema', jobs: 4, selection: { tables: ['a', 'sales.b'] } });
    expect(planFromFlags({ ...base, tables: 'a', intoExisting: true, replaceTables: true }).options).toMatchObject({ into: 'existing', replaceTables: true });
    expect(planFromFlags({ ...base, replace: true, confirm: 'shop', jobs: '2' })).toMatchObject({ mode: 'replace', options: { jobs: 2 } });
  });

  it('needs the typed name of the database to replace', () => {
    expect(() => planFromFlags({ ...base, replace: true })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/overwrites the existing database "shop"; type its name to confirm/), fix: 'Add --confirm shop' }));
    expect(() => planFromFlags({ ...base, replace: true, confirm: 'Shop' })).toThrow(/"Shop", does not match the database to replace, "shop"/);
    expect(() => planFromFlags({ ...base, confirm: 'shop' })).toThrow(/--confirm only goes with --replace/);
  });

  it('refuses combinations that cannot work', () => {
    const cases: Array<[Partial<RestoreFlags>, RegExp]> = [
      [{ replace: true, confirm: 'shop', tables: 'a' }, /does not go with --tables/],
      [{ schemaOnly: true, dataOnly: true }, /exclude each other/],
      [{ jobs: '0' }, /--jobs must be a whole number/],
      [{ jobs: 'two' }, /--jobs must be a whole number/],
      [{ dataOnly: true }, /needs the tables to exist/],
      [{ intoExisting: true }, /would collide/],
      [{ tables: 'a', intoExisting: true, jobs: '2' }, /one transaction/],
      [{ tables: 'a', replaceTables: true }, /only applies when restoring tables into an existing database/],
      [{ tables: ',' }, /name at least one table or schema/],
    ];
    for (const [flags, message] of cases) expect(() => planFromFlags({ ...base, ...flags }), JSON.stringify(flags)).toThrow(message);
  });
});
