// Types for prerequisites.mjs (plain JavaScript so `npm run dist` starts without a build step).
export function electronDist(root: string, env?: NodeJS.ProcessEnv): string | undefined;
export function pgToolsDir(root: string, platform?: NodeJS.Platform, arch?: string): string;
export function missingPrerequisites(options: { root: string; platform?: NodeJS.Platform; arch?: string; env?: NodeJS.ProcessEnv }): Array<{ what: string; fix: string }>;
