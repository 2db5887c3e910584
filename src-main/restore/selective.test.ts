import { describe, expect, it } from 'vitest';
import { orderTableData, parseTableRef, parseToc, planSelection, splitList, type PlanContext } from './selective';

// Shaped like pg_restore --list and pg_restore --verbose --schema-only of a small shop:
// public.customers, public.invoices (foreign key to customers), sales.deals (foreign key to
// customers, owned serial sequence, index), a view over deals, an enum type used by invoices,
// and a second "deals" table in public (for ambiguity).
const LIST = `;
; Archive created at 2025-01-01 00:00:00 UTC
;
6; 2615 100 SCHEMA - sales postgres
3401; 0 0 COMMENT - SCHEMA sales postgres
2; 3079 50 EXTENSION - citext
900; 1247 110 TYPE public status postgres
216; 1259 200 TABLE public customers postgres
215; 1259 199 SEQUENCE public customers_id_seq postgres
220; 1259 300 TABLE public invoices postgres
227; 1259 400 TABLE sales deals postgres
226; 1259 399 SEQUENCE sales deals_id_seq postgres
3429; 0 0 SEQUENCE OWNED BY sales deals_id_seq postgres
230; 1259 500 TABLE public deals postgres
228; 1259 410 VIEW sales v postgres
3233; 2604 401 DEFAULT sales deals id postgres
3410; 0 200 TABLE DATA public customers postgres
3414; 0 300 TABLE DATA public invoices postgres
3421; 0 400 TABLE DATA sales deals postgres
3422; 0 500 TABLE DATA public deals postgres
3431; 0 0 SEQUENCE SET public customers_id_seq postgres
3435; 0 0 SEQUENCE SET sales deals_id_seq postgres
3238; 2606 201 CONSTRAINT public customers customers_pkey postgres
3248; 2606 301 CONSTRAINT public invoices invoices_pkey postgres
3260; 2606 402 CONSTRAINT sales deals deals_pkey postgres
3258; 1259 403 INDEX sales deals_amt postgres
3261; 2606 302 FK CONSTRAINT public invoices invoices_customer_id_fkey postgres
3265; 2606 404 FK CONSTRAINT sales deals deals_customer_id_fkey postgres
3500; 0 0 ACL public TABLE customers postgres
`;

const VERBOSE = [
  [6, 100, [], 'sales', 'SCHEMA', '-'],
  [3401, 0, [6], 'SCHEMA sales', 'COMMENT', '-'],
  [2, 50, [], 'citext', 'EXTENSION', '-'],
  [900, 110, [], 'status', 'TYPE', 'public'],
  [216, 200, [], 'customers', 'TABLE', 'public'],
  [215, 199, [216], 'customers_id_seq', 'SEQUENCE', 'public'],
  [220, 300, [900], 'invoices', 'TABLE', 'public'],
  [227, 400, [6], 'deals', 'TABLE', 'sales'],
  [226, 399, [6, 227], 'deals_id_seq', 'SEQUENCE', 'sales'],
  [3429, 0, [226], 'deals_id_seq', 'SEQUENCE OWNED BY', 'sales'],
  [230, 500, [], 'deals', 'TABLE', 'public'],
  [228, 410, [227, 227, 6], 'v', 'VIEW', 'sales'],
  [3233, 401, [226, 227, 227], 'deals id', 'DEFAULT', 'sales'],
  [3238, 201, [216], 'customers customers_pkey', 'CONSTRAINT', 'public'],
  [3248, 301, [220], 'invoices invoices_pkey', 'CONSTRAINT', 'public'],
  [3260, 402, [227], 'deals deals_pkey', 'CONSTRAINT', 'sales'],
  [3258, 403, [227], 'deals_amt', 'INDEX', 'sales'],
  [3261, 302, [220, 216, 3238], 'invoices invoices_customer_id_fkey', 'FK CONSTRAINT', 'public'],
  [3265, 404, [3238, 216, 227], 'deals deals_customer_id_fkey', 'FK CONSTRAINT', 'sales'],
  [3500, 0, [216], 'TABLE customers', 'ACL', 'public'],
]
  .map(([id, oid, deps, name, type, schema]) => `--\n-- TOC entry ${id} (class 1 OID ${oid})\n${(deps as number[]).length ? `-- Dependencies: ${(deps as number[]).join(' ')}\n` : ''}-- Name: ${name}; Type: ${type}; Schema: ${schema}; Owner: postgres\n-- Data Pos: 0\n--\n\nCREATE …;\n`)
  .join('\n');

const toc = parseToc(LIST, VERBOSE);
const NEW: PlanContext = { into: 'new', existingSchemas: new Set(['public']), existingExtensions: new Set(['plpgsql']) };
const ids = (plan: { ids: Set<number> }) => [...plan.ids].sort((a, b) => a - b);

describe('selective restore planning', () => {
  it('parses table names and lists', () => {
    expect(parseTableRef('customers')).toEqual({ schema: undefined, name: 'customers', quoted: false });
    expect(parseTableRef('sales.deals')).toEqual({ schema: 'sales', name: 'deals', quoted: false });
    expect(parseTableRef('"My Schema"."Odd.Name"""')).toEqual({ schema: 'My Schema', name: 'Odd.Name"', quoted: true });
    expect(() => parseTableRef('a.b.c')).toThrow(/not a table name/);
    expect(() => parseTableRef('a.')).toThrow(/not a table name/);
    expect(splitList('a, "b,c" ,d,')).toEqual(['a', '"b,c"', 'd']);
  });

  it('ties data entries to what they fill', () => {
    expect(toc.entries.get(3410)).toMatchObject({ desc: 'TABLE DATA', parent: 216 });
    expect(toc.entries.get(3435)).toMatchObject({ desc: 'SEQUENCE SET', parent: 226 });
  });

  it('one table into a new database: its sequence, key, privileges and data; not other tables’ foreign keys', () => {
    const plan = planSelection(toc, { tables: ['customers'] }, NEW);
    expect(ids(plan)).toEqual([2, 215, 216, 3238, 3410, 3431, 3500]);
    expect(plan.tables).toEqual([{ schema: 'public', table: 'customers' }]);
    expect(plan.leftOut).toEqual([]);
    expect(plan.relations).toEqual(expect.arrayContaining([{ schema: 'public', name: 'customers' }, { schema: 'public', name: 'customers_pkey' }, { schema: 'public', name: 'customers_id_seq' }]));
    expect(plan.listFile).toContain('\n216; 1259 200 TABLE public customers postgres\n');
    expect(plan.listFile).toContain('\n;220; 1259 300 TABLE public invoices postgres\n');
  });

  it('a table in another schema brings its schema, owned sequence, default and index; its foreign key and view need the other tables', () => {
    const plan = planSelection(toc, { tables: ['sales.deals'] }, NEW);
    expect(ids(plan)).toEqual([2, 6, 226, 227, 3233, 3258, 3260, 3401, 3421, 3429, 3435]);
    expect(plan.schemas).toEqual(['sales']);
    expect(plan.leftOut).toEqual(['view sales.v', 'fk constraint sales.deals deals_customer_id_fkey']);
    const both = planSelection(toc, { tables: ['sales.deals', 'customers'] }, NEW);
    expect(both.ids.has(3265)).toBe(true);
    expect(both.leftOut).toEqual(['view sales.v']);
  });

  it('prerequisites: a type a table uses comes along into a new database, not into an existing one', () => {
    expect(planSelection(toc, { tables: ['invoices'] }, NEW).ids.has(900)).toBe(true);
    const existing: PlanContext = { into: 'existing', existingSchemas: new Set(['public', 'sales']), existingExtensions: new Set(['citext']), existingTables: new Set(['public.customers']) };
    const plan = planSelection(toc, { tables: ['invoices'] }, existing);
    expect(plan.ids.has(900)).toBe(false);
    expect(plan.ids.has(2)).toBe(false);
    // Its foreign key onto customers, which the existing database has, is restored too.
    expect(plan.ids.has(3261)).toBe(true);
  });

  it('replacing a table in an existing database also re-creates foreign keys of other tables onto it', () => {
    const context: PlanContext = { into: 'existing', existingSchemas: new Set(['public', 'sales']), existingExtensions: new Set(), existingTables: new Set(['public.customers', 'public.invoices', 'sales.deals']) };
    expect(planSelection(toc, { tables: ['customers'] }, context).ids.has(3261)).toBe(false);
    const plan = planSelection(toc, { tables: ['customers'] }, { ...context, replaceTables: true });
    expect(plan.ids.has(3261)).toBe(true);
    expect(plan.ids.has(3265)).toBe(true);
  });

  it('a schema: everything in it that does not depend on other schemas’ tables', () => {
    const plan = planSelection(toc, { schemas: ['sales'] }, NEW);
    expect(ids(plan)).toEqual([2, 6, 226, 227, 228, 3233, 3258, 3260, 3401, 3421, 3429, 3435]);
    expect(plan.leftOut).toEqual(['fk constraint sales.deals deals_customer_id_fkey']);
  });

  it('orders table data so referenced tables come first (for data-only restores into existing tables)', () => {
    const dataLines = (list: string) => list.split('\n').filter((l) => / TABLE DATA /.test(l)).map((l) => l.split(' ').slice(-2, -1)[0]);
    // In the archive, invoices and deals (which reference customers) come before customers.
    const reordered = LIST.replace('3410; 0 200 TABLE DATA public customers postgres\n', '').replace('3422; 0 500 TABLE DATA public deals postgres\n', '3422; 0 500 TABLE DATA public deals postgres\n3410; 0 200 TABLE DATA public customers postgres\n');
    expect(dataLines(reordered)).toEqual(['invoices', 'deals', 'deals', 'customers']);
    const ordered = orderTableData(parseToc(reordered, VERBOSE), reordered);
    // public.deals references nothing and may stay first; customers moves before invoices and sales.deals.
    expect(dataLines(ordered)).toEqual(['deals', 'customers', 'invoices', 'deals']);
    // Everything else stays where it was.
    expect(ordered.split('\n').filter((l) => !/ TABLE DATA /.test(l))).toEqual(reordered.split('\n').filter((l) => !/ TABLE DATA /.test(l)));
  });

  it('unknown and ambiguous names are refused', () => {
    expect(() => planSelection(toc, { tables: ['nope', 'sales.nope'] }, NEW)).toThrow(/no "nope", "sales\.nope"/);
    expect(() => planSelection(toc, { tables: ['deals'] }, NEW)).toThrow(/several schemas of this backup \(sales, public\)/);
    expect(() => planSelection(toc, { schemas: ['nope'] }, NEW)).toThrow(/no "schema nope"/);
    expect(planSelection(toc, { tables: ['CUSTOMERS'] }, NEW).tables).toEqual([{ schema: 'public', table: 'customers' }]);
    expect(() => planSelection(toc, { tables: ['"CUSTOMERS"'] }, NEW)).toThrow(/no/);
  });
});
