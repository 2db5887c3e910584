// Which shared libraries the client tools load: ldd's answer (already the full transitive
// closure) minus glibc itself, which every Linux has and which must match the kernel-facing
// loader, so it is never bundled (the same rule as AppImage's excludelist).
import { FetchToolsError, runCommand } from './run-command';

export interface LinkedLibrary {
  soname: string;
  /** Where the loader found it; undefined when it was not found. */
  path: string | undefined;
}

/** Parses `ldd` output (one or several files) into the libraries it names. */
export function parseLdd(output: string): LinkedLibrary[] {
  const found = new Map<string, LinkedLibrary>();
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    let match = /^(\S+)\s+=>\s+not found$/.exec(line);
    if (match?.[1]) {
      found.set(match[1], { soname: match[1], path: undefined });
      continue;
    }
    match = /^(\S+)\s+=>\s+(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line);
    if (match?.[1] && match[2]) {
      found.set(match[1], { soname: match[1], path: match[2] });
      continue;
    }
    // The loader itself ("/lib64/ld-linux-x86-64.so.2 (0x…)") and the vDSO have no "=>".
    match = /^(\S+)\s+\(0x[0-9a-f]+\)$/.exec(line);
    if (match?.[1]) {
      const name = match[1].split('/').pop()!;
      found.set(name, { soname: name, path: match[1].startsWith('/') ? match[1] : undefined });
    }
  }
  return [...found.values()];
}

// glibc's own libraries (and the kernel's vDSO): present on every glibc system, tied to its loader.
const GLIBC = /^(ld-linux[\w.-]*\.so|ld64\.so|linux-vdso\.so|linux-gate\.so|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|libresolv\.so|libutil\.so|libanl\.so|libnsl\.so|libmvec\.so|libBrokenLocale\.so|libthread_db\.so|libcidn\.so|libc_malloc_debug\.so|libnss_\w+\.so)(\.|$)/;

export function isGlibcLibrary(soname: string): boolean {
  return GLIBC.test(soname);
}

/**
 * The libraries to bundle for these binaries: everything ldd resolves except glibc, with
 * searchDirs first on the loader path (so the downloaded libpq wins over an installed one).
 */
export async function librariesToBundle(binaries: string[], searchDirs: string[]): Promise<Array<LinkedLibrary & { path: string }>> {
  const env = { ...process.env, LD_LIBRARY_PATH: [...searchDirs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  const res = await runCommand('ldd', binaries, { env, missingFix: 'Install libc-bin (it provides ldd).' });
  if (res.code !== 0) throw new FetchToolsError(`ldd failed: ${res.stderr.trim() || res.stdout.trim()}`, 'Check that the downloaded files are Linux executables for this architecture.');
  const libraries = parseLdd(res.stdout).filter((l) => !isGlibcLibrary(l.soname));
  const missing = libraries.filter((l) => l.path === undefined).map((l) => l.soname);
  if (missing.length > 0) {
    throw new FetchToolsError(`The client tools need libraries this system does not have: ${missing.join(', ')}.`, 'Install the packages that provide them (apt-file search NAME), then run the script again.');
  }
  return libraries as Array<LinkedLibrary & { path: string }>;
}
