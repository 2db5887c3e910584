// Types for build-electron.mjs (plain JavaScript so packaging needs no TypeScript step).
import type { Metafile } from 'esbuild';

export const NATIVE_EXTERNALS: string[];
export const EXTERNALS: string[];
export function buildElectron(options?: { outdir?: string }): Promise<{ outdir: string; sizes: Record<string, number>; metafiles: { main: Metafile; preload: Metafile } }>;
