// Selective restore: which archive entries a restore of some tables or schemas needs, written
// as a pg_restore -L list. pg_restore's own -t restores a table without its indexes,
// constraints, sequences or triggers, and -n without its schema, so the list is built from
// the archive's dependency graph instead (pg_restore --list for every entry, and the
// "Dependencies:" lines of pg_restore --verbose --schema-only for the schema entries).
//
// Rules, in order:
//  1. seeds: the selected tables (TABLE entries), or every entry in a selected schema plus the
//     schema itself;
//  2. everything that hangs off them: an entry that depends on an included entry and whose
//     other dependencies are included or "free" (do not lead to any table or view): indexes,
//     constraints, owned sequences, defaults, triggers, policies, comments, privileges,
//     partitions of a selected table. A foreign key to a table that is not restored, or a view
//     over one, is left out (and reported);
//  3. prerequisites: into a new database, every free object the included ones depend on
//     (schemas, types, functions, extensions), so the tables can be created; into an existing
//     database only missing schemas and extensions (other objects must already be there);
//  4. comments and privileges of the prerequisites, and the data of every included table and
//     sequence.
import type pg from 'pg';
import { LifeboatError } from '../../src-shared/errors';
import { quoteIdent } from '../pg/client';
import type { PgConnection } from '../pg/connection';
import { runTool } from '../pg/run-tool';

export interface RestoreSelection {
  /** `table` or `schema.table` (double quotes for names with dots or capitals). */
  tables?: string[];
  schemas?: string[];
}

export interface TocEntry {
  id: number;
  desc: string;
  schema: string | null;
  name: string;
  oid: number;
  deps: number[];
  /** For data entries (TABLE DATA, SEQUENCE SET, …): the entry they fill. */
  parent?: number;
  /** The line of pg_restore --list, for the -L file. */
  line: string;
}

export interface Toc {
  entries: Map<number, TocEntry>;
  /** pg_restore --list output, verbatim. */
  list: string;
}

export interface QualifiedName {
  schema: string;
  name: string;
}

export interface SelectionPlan {
  ids: Set<number>;
  /** Included tables (TABLE entries), for row counts. */
  tables: Array<{ schema: string; table: string }>;
  /** Relations the restore will create (tables, sequences, views, indexes, constraint indexes). */
  relations: QualifiedName[];
  /** Schemas the restore will create. */
  schemas: string[];
  /** Entries left out although they hang off the selection (foreign keys to other tables, views over them). */
  leftOut: string[];
  /** The pg_restore -L file. */
  listFile: string;
}

const RELATIONS = new Set(['TABLE', 'VIEW', 'MATERIALIZED VIEW', 'FOREIGN TABLE']);
const ATTACHMENTS = new Set(['COMMENT', 'ACL', 'SECURITY LABEL']);

/** Parses "a,b" lists of `table`, `schema.table`, `"Odd.Name"`. */
export function parseTableRef(ref: string): { schema: string | undefined; name: string; quoted: boolean } {
  const parts: Array<{ text: string; quoted: boolean }> = [];
  let i = 0;
  const text = ref.trim();
  while (i <= text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let out = '';
      for (;;) {
        if (j >= text.length) throw badRef(ref);
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            out += '"';
            j += 2;
            continue;
          }
          break;
        }
        out += text[j++];
      }
      parts.push({ text: out, quoted: true });
      i = j + 1;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot === -1 ? text.length : dot;
      parts.push({ text: text.slice(i, end), quoted: false });
      i = end;
    }
    if (i >= text.length) break;
    if (text[i] !== '.') throw badRef(ref);
    i++;
  }
  if (parts.length === 0 || parts.length > 2 || parts.some((p) => p.text === '')) throw badRef(ref);
  const last = parts.at(-1)!;
  return { schema: parts.length === 2 ? parts[0]!.text : undefined, name: last.text, quoted: last.quoted };
}

function badRef(ref: string): LifeboatError {
  return new LifeboatError('BAD_INPUT', `"${ref}" is not a table name (use table or schema.table; double quotes around names with dots).`);
}

/** Splits a comma-separated option value, keeping commas inside double quotes. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Reads the archive's table of contents with its dependencies (two quick passes over the file). */
export async function readToc(pgRestore: string, file: string, conn: PgConnection): Promise<Toc> {
  const [list, verbose] = await Promise.all([
    capture(pgRestore, ['--list', file], conn),
    capture(pgRestore, ['--verbose', '--schema-only', '--file=-', file], conn),
  ]);
  return parseToc(list, verbose);
}

async function capture(binary: string, args: string[], conn: PgConnection): Promise<string> {
  const proc = runTool(binary, args, conn, { stdout: 'pipe' });
  const chunks: Buffer[] = [];
  proc.child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
  await proc.done;
  return Buffer.concat(chunks).toString('utf8');
}

export function parseToc(list: string, verbose: string): Toc {
  const entries = new Map<number, TocEntry>();
  let current: { id: number; oid: number; deps: number[] } | undefined;
  for (const line of verbose.split('\n')) {
    const toc = /^-- TOC entry (\d+) \(class \d+ OID (\d+)\)$/.exec(line);
    if (toc) {
      current = { id: Number(toc[1]), oid: Number(toc[2]), deps: [] };
      continue;
    }
    if (!current) continue;
    const deps = /^-- Dependencies: ([\d ]+)$/.exec(line);
    if (deps) {
      current.deps = deps[1]!.trim().split(/\s+/).map(Number);
      continue;
    }
    const name = /^-- Name: (.*); Type: (.*?); Schema: (.*?); Owner: ?(.*)$/.exec(line);
    if (name) {
      entries.set(current.id, { id: current.id, oid: current.oid, deps: [...new Set(current.deps)], name: name[1]!, desc: name[2]!, schema: name[3] === '-' ? null : name[3]!, line: '' });
      current = undefined;
    }
  }
  const byOid = new Map<number, TocEntry>();
  for (const e of entries.values()) if (RELATIONS.has(e.desc) && e.oid !== 0) byOid.set(e.oid, e);
  const sequences = [...entries.values()].filter((e) => e.desc === 'SEQUENCE');
  for (const line of list.split('\n')) {
    const m = /^(\d+); (\d+) (\d+) (.*)$/.exec(line);
    if (!m) continue;
    const id = Number(m[1]);
    const oid = Number(m[3]);
    const rest = m[4]!;
    const known = entries.get(id);
    if (known) {
      known.line = line;
      continue;
    }
    // Data entries are not in the --schema-only output; tie them to what they fill.
    let desc = rest.split(' ')[0]!;
    let parent: TocEntry | undefined;
    if (rest.startsWith('TABLE DATA ')) {
      desc = 'TABLE DATA';
      parent = byOid.get(oid);
    } else if (rest.startsWith('MATERIALIZED VIEW DATA ')) {
      desc = 'MATERIALIZED VIEW DATA';
      parent = byOid.get(oid);
    } else if (rest.startsWith('SEQUENCE SET ')) {
      desc = 'SEQUENCE SET';
      const tail = rest.slice('SEQUENCE SET '.length);
      parent = sequences.find((s) => tail === `${s.schema} ${s.name}` || tail.startsWith(`${s.schema} ${s.name} `));
    }
    entries.set(id, { id, oid, desc, schema: parent?.schema ?? null, name: parent?.name ?? rest, deps: parent ? [parent.id] : [], parent: parent?.id, line });
  }
  return { entries, list };
}

export interface PlanContext {
  into: 'new' | 'existing';
  /** Schemas that exist in the target already (for a new database: public). */
  existingSchemas: ReadonlySet<string>;
  existingExtensions: ReadonlySet<string>;
  /** Into an existing database: its tables (`schema.table`), which foreign keys may reference. */
  existingTables?: ReadonlySet<string>;
  /** The selected tables are dropped and re-created: foreign keys of other tables onto them are dropped and re-added too. */
  replaceTables?: boolean;
}

export function planSelection(toc: Toc, selection: RestoreSelection, context: PlanContext): SelectionPlan {
  const all = [...toc.entries.values()];
  const get = (id: number) => toc.entries.get(id);
  const tables = all.filter((e) => e.desc === 'TABLE');

  const touches = new Map<number, boolean>();
  const touchesRelation = (id: number, seen = new Set<number>()): boolean => {
    const memo = touches.get(id);
    if (memo !== undefined) return memo;
    const e = get(id);
    if (!e || seen.has(id)) return false;
    seen.add(id);
    const result = RELATIONS.has(e.desc) || e.deps.some((d) => touchesRelation(d, seen));
    touches.set(id, result);
    return result;
  };
  const seeds = new Set<number>();
  const unknown: string[] = [];
  for (const ref of selection.tables ?? []) {
    const parsed = parseTableRef(ref);
    const matches = (name: string) => tables.filter((t) => t.name === name && (parsed.schema === undefined || t.schema === parsed.schema));
    let found = matches(parsed.name);
    if (found.length === 0 && !parsed.quoted) found = matches(parsed.name.toLowerCase());
    if (found.length === 0) unknown.push(ref);
    else if (found.length > 1) {
      throw new LifeboatError('BAD_INPUT', `"${ref}" names a table in several schemas of this backup (${found.map((t) => t.schema).join(', ')}).`, { fix: `Write it as schema.table, e.g. ${found[0]!.schema}.${parsed.name}.` });
    } else seeds.add(found[0]!.id);
  }
  const schemaMembers = new Set<number>();
  for (const schema of selection.schemas ?? []) {
    const members = all.filter((e) => (e.schema === schema && e.parent === undefined && e.line !== '') || (e.desc === 'SCHEMA' && e.name === schema));
    if (members.length === 0) unknown.push(`schema ${schema}`);
    for (const e of members) schemaMembers.add(e.id);
  }
  if (schemaMembers.size > 0) {
    // Everything in the schemas, except what depends on tables outside them (a foreign key to
    // another schema, a view over one): those are left out, like in a table selection.
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of schemaMembers) {
        if (!toc.entries.get(id)!.deps.every((d) => schemaMembers.has(d) || !touchesRelation(d))) {
          schemaMembers.delete(id);
          changed = true;
        }
      }
    }
    for (const id of schemaMembers) seeds.add(id);
  }
  if (unknown.length > 0) {
    throw new LifeboatError('BAD_INPUT', `This backup has no ${unknown.map((u) => `"${u}"`).join(', ')}.`, {
      fix: `Tables in this backup: ${tables.slice(0, 20).map((t) => `${t.schema}.${t.name}`).join(', ')}${tables.length > 20 ? ', …' : ''}.`,
    });
  }
  if (seeds.size === 0) throw new LifeboatError('BAD_INPUT', 'Nothing was selected: give --tables or --schemas.');

  const schemaEntries = all.filter((e) => e.parent === undefined && e.line !== '');

  // 2. What hangs off the seeds.
  const core = new Set(seeds);
  const qualified = (e: TocEntry) => `${e.schema}.${e.name}`;
  /** The table a constraint or index belongs to. */
  const tableOf = (e: TocEntry): TocEntry | undefined => e.deps.map(get).find((d): d is TocEntry => d?.desc === 'TABLE' && (e.desc === 'INDEX' || e.name.startsWith(`${d.name} `)));
  /** Into an existing database, a foreign key may reference a table that is there already. */
  const inTarget = (id: number): boolean => {
    const dep = get(id);
    if (!dep || context.into !== 'existing' || !context.existingTables || core.has(id)) return false;
    const table = dep.desc === 'TABLE' ? dep : dep.desc === 'CONSTRAINT' || dep.desc === 'INDEX' ? tableOf(dep) : undefined;
    return table !== undefined && !core.has(table.id) && context.existingTables.has(qualified(table));
  };
  const foreignKeyFits = (e: TocEntry): boolean => {
    const owner = tableOf(e);
    if (!owner) return false;
    // A foreign key of a restored table onto a table already in the target, or (when the
    // selected tables are re-created) a foreign key of a table in the target onto them.
    if (core.has(owner.id) || (context.replaceTables && inTarget(owner.id))) return e.deps.every((d) => core.has(d) || !touchesRelation(d) || inTarget(d));
    return false;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of schemaEntries) {
      if (core.has(e.id) || !e.deps.some((d) => core.has(d))) continue;
      if (RELATIONS.has(e.desc) && !(e.desc === 'TABLE' && e.deps.some((d) => core.has(d) && get(d)?.desc === 'TABLE'))) continue;
      if (e.deps.every((d) => core.has(d) || !touchesRelation(d)) || (e.desc === 'FK CONSTRAINT' && foreignKeyFits(e))) {
        core.add(e.id);
        changed = true;
      }
    }
  }

  // 3. Prerequisites.
  const included = new Set(core);
  const wanted = (e: TocEntry): boolean => {
    if (e.desc === 'SCHEMA') return !context.existingSchemas.has(e.name);
    if (e.desc === 'EXTENSION') return !context.existingExtensions.has(e.name);
    return context.into === 'new';
  };
  // Into a new database every extension comes along: a constraint or index may need one
  // (an operator class, say) without the archive recording that dependency.
  if (context.into === 'new') for (const e of schemaEntries) if (e.desc === 'EXTENSION' && wanted(e)) included.add(e.id);
  const stack = [...included];
  const visited = new Set<number>();
  while (stack.length > 0) {
    for (const d of get(stack.pop()!)?.deps ?? []) {
      if (included.has(d) || visited.has(d)) continue;
      visited.add(d);
      const dep = get(d);
      if (!dep || dep.line === '' || touchesRelation(d) || !wanted(dep)) continue;
      included.add(d);
      stack.push(d);
    }
  }
  // 4. Comments and privileges of what is included, and data.
  for (const e of schemaEntries) {
    if (!included.has(e.id) && ATTACHMENTS.has(e.desc) && e.deps.length > 0 && e.deps.every((d) => included.has(d))) included.add(e.id);
  }
  for (const e of all) if (e.parent !== undefined && included.has(e.parent)) included.add(e.id);

  // Reported: what hangs off a restored table (or sits in a restored schema) but could not come along.
  const leftOut = schemaEntries
    .filter((e) => !included.has(e.id) && !ATTACHMENTS.has(e.desc))
    .filter((e) => (e.desc !== 'TABLE' && e.deps.some((d) => core.has(d) && RELATIONS.has(get(d)!.desc))) || (e.schema !== null && selection.schemas?.includes(e.schema)))
    .filter((e) => e.desc !== 'FK CONSTRAINT' || included.has(tableOf(e)?.id ?? -1))
    .map((e) => `${e.desc.toLowerCase()} ${e.schema ? `${e.schema}.` : ''}${e.name}`);
  const relations: QualifiedName[] = [];
  for (const id of included) {
    const e = get(id)!;
    if (!e.schema) continue;
    if (RELATIONS.has(e.desc) || e.desc === 'SEQUENCE' || e.desc === 'INDEX') relations.push({ schema: e.schema, name: e.name });
    if (e.desc === 'CONSTRAINT') {
      const table = e.deps.map(get).find((d) => d?.desc === 'TABLE');
      if (table && e.name.startsWith(`${table.name} `)) relations.push({ schema: e.schema, name: e.name.slice(table.name.length + 1) });
    }
  }
  return {
    ids: included,
    tables: [...included].map(get).filter((e): e is TocEntry => e?.desc === 'TABLE' && e.schema !== null).map((e) => ({ schema: e.schema!, table: e.name })),
    relations,
    schemas: [...included].map(get).filter((e): e is TocEntry => e?.desc === 'SCHEMA').map((e) => e.name),
    leftOut,
    listFile: toc.list
      .split('\n')
      .map((line) => {
        const m = /^(\d+);/.exec(line);
        return m && !included.has(Number(m[1])) ? `;${line}` : line;
      })
      .join('\n'),
  };
}

/** Schemas and extensions present in a database, for planning a restore into it. */
export async function readExisting(client: pg.Client): Promise<{ schemas: Set<string>; extensions: Set<string>; tables: Set<string>; superuser: boolean }> {
  const schemas = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace');
  const extensions = await client.query<{ extname: string }>('SELECT extname FROM pg_extension');
  const tables = await client.query<{ name: string }>("SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')");
  const role = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
  return { schemas: new Set(schemas.rows.map((r) => r.nspname)), extensions: new Set(extensions.rows.map((r) => r.extname)), tables: new Set(tables.rows.map((r) => r.name)), superuser: role.rows[0]?.rolsuper === true };
}

/** Relations of the plan that already exist in the target database (as relations, or as types of the same name). */
export async function findConflicts(client: pg.Client, relations: QualifiedName[]): Promise<string[]> {
  if (relations.length === 0) return [];
  const res = await client.query<{ schema: string; name: string }>(
    `SELECT r.schema, r.name FROM unnest($1::text[], $2::text[]) AS r(schema, name)
     WHERE EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = r.schema AND c.relname = r.name)
        OR EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = r.schema AND t.typname = r.name)
     ORDER BY 1, 2`,
    [relations.map((r) => r.schema), relations.map((r) => r.name)],
  );
  return [...new Set(res.rows.map((r) => `${r.schema}.${r.name}`))];
}

/** Tables that are missing or already hold rows (data-only restores need them present and empty). */
export async function findUnfitForData(client: pg.Client, tables: Array<{ schema: string; table: string }>): Promise<{ missing: string[]; notEmpty: string[] }> {
  const missing: string[] = [];
  const notEmpty: string[] = [];
  for (const t of tables) {
    const exists = await client.query('SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2', [t.schema, t.table]);
    if ((exists.rowCount ?? 0) === 0) {
      missing.push(`${t.schema}.${t.table}`);
      continue;
    }
    const rows = await client.query(`SELECT 1 FROM ONLY ${quoteIdent(t.schema)}.${quoteIdent(t.table)} LIMIT 1`);
    if ((rows.rowCount ?? 0) > 0) notEmpty.push(`${t.schema}.${t.table}`);
  }
  return { missing, notEmpty };
}

/**
 * Reorders the TABLE DATA lines of a -L list so that a table's rows come after the rows of the
 * tables its foreign keys point to. A full archive keeps data in no such order (its foreign
 * keys are only created after all data), but a data-only restore into existing tables checks
 * every row as it arrives. Cycles keep their archive order (a superuser restore also disables
 * triggers, which covers them).
 */
export function orderTableData(toc: Toc, listFile: string): string {
  const get = (id: number) => toc.entries.get(id);
  const tableOf = (e: TocEntry): TocEntry | undefined => e.deps.map(get).find((d): d is TocEntry => d?.desc === 'TABLE' && e.name.startsWith(`${d.name} `));
  const refersTo = new Map<number, Set<number>>();
  for (const e of toc.entries.values()) {
    if (e.desc !== 'FK CONSTRAINT') continue;
    const owner = tableOf(e);
    if (!owner) continue;
    for (const d of e.deps) {
      const dep = get(d);
      const target = dep?.desc === 'TABLE' ? dep : dep ? dep.deps.map(get).find((x) => x?.desc === 'TABLE') : undefined;
      if (target && target.id !== owner.id) {
        if (!refersTo.has(owner.id)) refersTo.set(owner.id, new Set());
        refersTo.get(owner.id)!.add(target.id);
      }
    }
  }
  const lines = listFile.split('\n');
  const slots: number[] = [];
  const data: Array<{ line: string; table: number | undefined }> = [];
  lines.forEach((line, index) => {
    const m = /^(\d+);/.exec(line);
    const entry = m ? get(Number(m[1])) : undefined;
    if (entry?.desc !== 'TABLE DATA') return;
    slots.push(index);
    data.push({ line, table: entry.parent });
  });
  const pending = [...data];
  const placed = new Set<number>();
  const ordered: typeof data = [];
  while (pending.length > 0) {
    const waiting = new Set(pending.map((d) => d.table));
    const next = pending.findIndex((d) => d.table === undefined || [...(refersTo.get(d.table) ?? [])].every((t) => placed.has(t) || !waiting.has(t) || t === d.table));
    const [item] = pending.splice(next === -1 ? 0 : next, 1);
    ordered.push(item!);
    if (item!.table !== undefined) placed.add(item!.table);
  }
  slots.forEach((slot, i) => (lines[slot] = ordered[i]!.line));
  return lines.join('\n');
}
