// Which installed package a system file belongs to, for the manifest: libraries that are not
// in the downloaded packages are copied from this system, and their origin must stay traceable.
import { realpathSync } from 'node:fs';
import { runCommand } from './run-command';

/** Paths dpkg may know the file under: as given, resolved, and the other side of /usr-merge. */
export function dpkgPathVariants(file: string, resolved?: string): string[] {
  const variants = [file];
  if (resolved && resolved !== file) variants.push(resolved);
  for (const p of [...variants]) {
    if (/^\/(lib|lib64|bin|sbin)\//.test(p)) variants.push(`/usr${p}`);
    else if (/^\/usr\/(lib|lib64|bin|sbin)\//.test(p)) variants.push(p.slice(4));
  }
  return [...new Set(variants)];
}

/** Parses `dpkg -S` output ("zlib1g:amd64: /lib/…/libz.so.1") into the package (with arch). */
export function parseDpkgSearch(output: string): string | undefined {
  const first = output.split('\n').find((l) => l.includes(': '));
  return first?.slice(0, first.indexOf(': ')).split(', ')[0];
}

export async function owningPackage(file: string): Promise<{ name: string; version: string } | undefined> {
  let resolved: string | undefined;
  try {
    resolved = realpathSync(file);
  } catch {
    resolved = undefined;
  }
  for (const candidate of dpkgPathVariants(file, resolved)) {
    const res = await runCommand('dpkg', ['-S', candidate]);
    const pkg = res.code === 0 ? parseDpkgSearch(res.stdout) : undefined;
    if (!pkg) continue;
    const version = await runCommand('dpkg-query', ['-W', '-f=${Version}', pkg]);
    return { name: pkg.replace(/:[a-z0-9]+$/, ''), version: version.code === 0 ? version.stdout.trim() : 'unknown' };
  }
  return undefined;
}
