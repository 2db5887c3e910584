// What a backup holds, from the two things a check reads anyway: pg_restore --list (schemas,
// extensions, owners) and the manifest's encrypted part (tables and their row counts). The
// restore wizard offers the tables; the preflight checks extensions and owners on the target.
import type { Manifest, ManifestPrivate } from '../../src-shared/manifest';
import type { ArchiveContents } from '../../src-shared/types';

/**
 * A --list line is `id; catalog-oid object-oid DESC SCHEMA TAG OWNER`; the owner is the last
 * word (empty for objects without one, such as extensions). Role names containing spaces would
 * be misread; PostgreSQL allows them, nobody uses them, and the preflight only warns.
 */
const LIST_LINE = /^\d+; \d+ \d+ (.*)$/;

export function contentsFromToc(list: string, manifest: Manifest | undefined, privatePart: ManifestPrivate | undefined): ArchiveContents {
  const schemas = new Set<string>();
  const extensions = new Set<string>();
  const owners = new Set<string>();
  for (const line of list.split('\n')) {
    const rest = LIST_LINE.exec(line)?.[1];
    if (!rest) continue;
    const extension = /^EXTENSION - (\S+)/.exec(rest);
    if (extension) {
      extensions.add(extension[1]!);
      continue;
    }
    const schema = /^SCHEMA - (\S+) /.exec(rest);
    if (schema) schemas.add(schema[1]!);
    if (rest.startsWith('ACL ') || rest.startsWith('COMMENT ') || rest.startsWith('DEFAULT ACL ')) continue;
    const owner = rest.slice(rest.lastIndexOf(' ') + 1);
    if (owner && !owner.startsWith('pg_') && rest.split(' ').length >= 4) owners.add(owner);
  }
  for (const t of privatePart?.tables ?? []) schemas.add(t.schema);
  return {
    tables: (privatePart?.tables ?? []).map((t) => ({ schema: t.schema, table: t.table, rows: t.rows })),
    schemas: [...schemas].sort(),
    extensions: [...extensions].sort(),
    owners: [...owners].sort(),
    hasGlobals: manifest?.files.some((f) => f.role === 'globals') ?? false,
    serverVersion: manifest?.server.version ?? null,
  };
}
