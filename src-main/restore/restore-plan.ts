// One restore request, checked before anything is read, whichever way it came (CLI flags or the
// wizard): a replace needs the typed name and restores the whole backup; the other modes go
// through checkRestoreOptions. Mistakes are BAD_INPUT with the fix.
import { LifeboatError } from '../../src-shared/errors';
import { checkRestoreOptions, type RestoreOptions } from '../pipeline/restore';

export type RestoreMode = 'new' | 'replace' | 'existing';

export interface RestoreChoices {
  mode: RestoreMode;
  /** The database to create, replace or add to. */
  database: string | undefined;
  /** With replace: typed by the user, must equal `database`. */
  confirm?: string;
  tables?: string[];
  schemas?: string[];
  section?: 'schema' | 'data';
  noOwner?: boolean;
  noPrivileges?: boolean;
  jobs?: number;
  replaceTables?: boolean;
}

export interface RestorePlan {
  mode: RestoreMode;
  options: Pick<RestoreOptions, 'noOwner' | 'noPrivileges' | 'section' | 'jobs' | 'selection' | 'into' | 'replaceTables'>;
}

/** How the request was made: the CLI's messages name its flags, the wizard's its fields. */
export type Spelling = 'cli' | 'ui';

const WORDS = {
  cli: { confirm: '--confirm', replace: '--replace', selection: '--tables/--schemas', schemaOnly: '--schema-only', dataOnly: '--data-only', existing: '--into-existing', replaceTables: '--replace-tables', typeIt: (db: string) => `Add --confirm ${db}` },
  ui: { confirm: 'A typed confirmation', replace: 'replacing', selection: 'chosen tables or schemas', schemaOnly: 'schema only', dataOnly: 'data only', existing: 'into the existing database', replaceTables: 'replace the chosen tables', typeIt: (db: string) => `Type ${db} in the confirmation box.` },
} as const;

export function planRestore(choices: RestoreChoices, spelling: Spelling = 'ui'): RestorePlan {
  const w = WORDS[spelling];
  const bad = (message: string, fix?: string) => new LifeboatError('BAD_INPUT', message, { fix });
  if (choices.tables?.length === 0 || choices.schemas?.length === 0) throw bad(`${w.selection}: name at least one table or schema.`);
  const selection = choices.tables || choices.schemas ? { tables: choices.tables, schemas: choices.schemas } : undefined;
  const options: RestorePlan['options'] = {
    noOwner: choices.noOwner ?? false,
    noPrivileges: choices.noPrivileges ?? false,
    section: choices.section,
    jobs: choices.jobs,
    selection,
    into: choices.mode === 'existing' ? 'existing' : 'new',
    replaceTables: choices.replaceTables,
  };
  if (choices.mode !== 'replace') {
    if (choices.confirm !== undefined) throw bad(`${w.confirm} only goes with ${w.replace}.`);
    checkRestoreOptions(options);
    return { mode: choices.mode, options };
  }
  const database = choices.database;
  if (choices.confirm === undefined || choices.confirm === '') throw bad(`Replacing overwrites the existing database "${database ?? '?'}"; type its name to confirm.`, w.typeIt(database ?? 'NAME'));
  if (database !== undefined && choices.confirm !== database) throw bad(`The name typed to confirm, "${choices.confirm}", does not match the database to replace, "${database}". Nothing was done.`, w.typeIt(database));
  const extras = [selection && w.selection, choices.section === 'schema' && w.schemaOnly, choices.section === 'data' && w.dataOnly, choices.replaceTables && w.replaceTables].filter(Boolean);
  if (extras.length > 0) {
    throw bad(`Replacing restores the whole backup; it does not go with ${extras.join(', ')}.`, `To replace some tables only, restore them ${w.existing} with ${w.replaceTables}.`);
  }
  return { mode: 'replace', options };
}
