import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type LocalCluster } from '../../test/helpers/clusters';
import { dataFingerprint } from '../../test/helpers/fidelity';
import { loadSampleBusinessData } from './sample-data';

describe('loadSampleBusinessData', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startTestCluster(13);
    await cluster.query('create database shop_a');
    await cluster.query('create database shop_b');
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('creates consistent business data, returns exact row counts, and is deterministic', async () => {
    const { tables } = await loadSampleBusinessData(cluster, 'shop_a', { scale: 0.2 });
    expect(Object.keys(tables).sort()).toEqual(['audit_log', 'customers', 'invoice_lines', 'invoices', 'payments', 'products']);
    expect(tables).toMatchObject({ customers: 200, products: 20, invoices: 1200, audit_log: 1600 });
    for (const [table, rows] of Object.entries(tables)) {
      const { rows: counted } = await cluster.query(`select count(*)::int as n from ${table}`, 'shop_a');
      expect(counted[0].n, table).toBe(rows);
    }

    const checks = await cluster.query(
      `select
         (select count(*)::int from invoices i
           where subtotal <> (select sum(amount) from invoice_lines l where l.invoice_id = i.id)) as bad_totals,
         (select count(*)::int from pg_constraint where contype = 'f') as foreign_keys,
         (select count(*)::int from customers where name ~ '[^\\x01-\\x7f]') as non_ascii_names,
         (select count(*)::int from pg_class where relpersistence <> 'p' and relnamespace = 'public'::regnamespace) as not_logged`,
      'shop_a',
    );
    expect(checks.rows[0]).toMatchObject({ bad_totals: 0, foreign_keys: 4, not_logged: 0 });
    expect(checks.rows[0].non_ascii_names).toBeGreaterThan(50);

    await loadSampleBusinessData(cluster, 'shop_b', { scale: 0.2 });
    expect(await dataFingerprint(cluster, 'shop_b')).toEqual(await dataFingerprint(cluster, 'shop_a'));
  });
});
