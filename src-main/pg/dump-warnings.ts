// Sorts pg_dump's stderr lines: some warnings mean data was silently left out (a peer's
// backups "succeeded" without sequence values), and those must fail the backup.
import { LifeboatError } from '../../src-shared/errors';
import { deniedObject } from './explain-error';

const SKIPPED_PATTERNS = [/permission denied/i, /could not (read|open|access|obtain)/i, /\bskipping\b/i, /row-level security/i, /\bignored\b/i];

export interface ClassifiedStderr {
  /** Lines that mean something is missing from the dump. */
  skipped: string[];
  /** Other warnings: kept on the backup record, not fatal. */
  warnings: string[];
}

export function classifyDumpStderr(lines: string[]): ClassifiedStderr {
  const skipped: string[] = [];
  const warnings: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!/warning|notice/i.test(line)) continue;
    if (SKIPPED_PATTERNS.some((p) => p.test(line))) skipped.push(line);
    else warnings.push(line);
  }
  return { skipped, warnings };
}

export function incompleteDumpError(skipped: string[], database: string): LifeboatError {
  const first = skipped[0] ?? '';
  const object = deniedObject(first);
  const named = object ? `${object.kind} "${object.name}"` : `an object (${first.replace(/^pg_dump:\s*/, '')})`;
  return new LifeboatError('PG_DUMP_INCOMPLETE', `pg_dump skipped ${named} in "${database}", so this backup would be incomplete.`, {
    fix: object
      ? `Grant the backup user read access to ${object.name}, or back up as the owner or a member of pg_read_all_data.`
      : 'Fix the cause reported by pg_dump, then back up again.',
    details: { skipped: skipped.join(' | ') },
  });
}
