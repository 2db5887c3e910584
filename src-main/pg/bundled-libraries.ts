// Client tools fetched by `npm run fetch-pg-tools` carry their shared libraries (libpq, OpenSSL…)
// in <bundle>/lib and have no RPATH, so the dynamic loader must be told where to look. Without
// this they would pick the system's libpq, or fail on a computer without PostgreSQL installed.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The loader's search-path variable for a platform; Windows finds DLLs beside the .exe. */
export function libraryPathVariable(platform: NodeJS.Platform = process.platform): 'LD_LIBRARY_PATH' | 'DYLD_LIBRARY_PATH' | undefined {
  if (platform === 'win32') return undefined;
  return platform === 'darwin' ? 'DYLD_LIBRARY_PATH' : 'LD_LIBRARY_PATH';
}

/**
 * `<bin>/../lib` when `<bin>/..` is a tool bundle: it has our manifest.json (fetched), or it is
 * a `pg-tools/<platform>-<arch>` folder (the resources layout; EDB files copied there by hand have
 * no manifest). A bare sibling lib/ is common and wrong to trust: /usr/bin → /usr/lib, or
 * /usr/lib/postgresql/15/bin → the server's module folder.
 */
export function bundledLibDir(binary: string): string | undefined {
  const bundle = path.dirname(path.dirname(binary));
  const lib = path.join(bundle, 'lib');
  const isBundle = existsSync(path.join(bundle, 'manifest.json')) || (path.basename(path.dirname(bundle)) === 'pg-tools' && /^(linux|darwin|win32)-\w+$/.test(path.basename(bundle)));
  return isBundle && existsSync(lib) ? lib : undefined;
}

/** A copy of env with libDir first on the loader's search path (kept: what was already there). */
export function prependLibraryPath(env: NodeJS.ProcessEnv, libDir: string, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  const variable = libraryPathVariable(platform);
  if (!variable) return { ...env };
  const existing = env[variable];
  return { ...env, [variable]: existing ? `${libDir}${path.delimiter}${existing}` : libDir };
}

/** The environment to start `binary` with: env itself, or env plus the bundle's lib/ folder. */
export function withBundledLibraries(binary: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const lib = bundledLibDir(binary);
  return lib ? prependLibraryPath(env, lib) : env;
}
