// One line for Settings about the PostgreSQL client tools: the version bundled with Lifeboat, or
// that none is bundled and which system tools are used instead (the same preference as the core:
// LIFEBOAT_PG_TOOLS, then bundled, then the newest system tools).
import type { ApiResponse } from '../../../src-shared/api';

type ToolSet = ApiResponse<'app.info'>['pgTools'][number];

export type PgToolsSummary =
  | { kind: 'bundled'; version: string; dir: string; override?: ToolSet }
  | { kind: 'system'; version: string; dir: string; override?: ToolSet }
  | { kind: 'none' };

function majorOf(version: string): number {
  return Number.parseInt(version, 10) || 0;
}

export function summarisePgTools(sets: ToolSet[]): PgToolsSummary {
  const override = sets.find((s) => s.source === 'env');
  const bundled = sets.find((s) => s.source === 'bundled');
  const extra = override ? { override } : {};
  if (bundled) return { kind: 'bundled', version: bundled.version, dir: bundled.dir, ...extra };
  const newestSystem = sets.filter((s) => s.source === 'system').sort((a, b) => majorOf(b.version) - majorOf(a.version))[0];
  if (newestSystem) return { kind: 'system', version: newestSystem.version, dir: newestSystem.dir, ...extra };
  return override ? { kind: 'system', version: override.version, dir: override.dir, override } : { kind: 'none' };
}
