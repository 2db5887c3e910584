// Checks, before the first backup, that the backup user can read everything pg_dump needs:
// every schema, table, sequence and materialized view, and tables under row-level security.
import type pg from 'pg';

export interface UnreadableObject {
  kind: 'schema' | 'table' | 'sequence' | 'materialized view' | 'row-level security';
  name: string;
}

const SQL = `
  WITH me AS (SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user)
  SELECT 'schema' AS kind, quote_ident(n.nspname) AS name
    FROM pg_namespace n
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     AND NOT has_schema_privilege(n.oid, 'USAGE')
  UNION ALL
  SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'm' THEN 'materialized view' ELSE 'table' END,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'S', 'm')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     AND NOT has_table_privilege(c.oid, 'SELECT')
  UNION ALL
  SELECT 'row-level security', quote_ident(n.nspname) || '.' || quote_ident(c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, me
   WHERE c.relrowsecurity AND NOT me.bypass AND NOT pg_has_role(c.relowner, 'USAGE')
   ORDER BY 1, 2`;

export async function findUnreadableObjects(client: pg.Client): Promise<UnreadableObject[]> {
  const res = await client.query<UnreadableObject>(SQL);
  return res.rows;
}
