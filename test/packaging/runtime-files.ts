// What the packaged main process loads from node_modules at run time, found from the bundle's
// external imports: each package's entry and every file it require()s (esbuild follows them),
// its package.json (bindings looks for it), its native .node files, and the packages those
// require in turn (platform packages that are not installed here are skipped).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';

export interface RuntimePackage {
  name: string;
  dir: string;
  /** Absolute paths of the files it needs at run time. */
  files: string[];
  /** The native addons among them. */
  native: string[];
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** The non-builtin packages an esbuild output imports at run time (electron excluded: Electron provides it). */
export function externalPackages(metafile: Metafile, output: string): string[] {
  const imports = metafile.outputs[output]?.imports ?? [];
  return [...new Set(imports.filter((i) => i.external && !BUILTINS.has(i.path) && i.path !== 'electron').map((i) => packageName(i.path)))].sort();
}

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Where Node finds package `name` when required from `fromDir` (walking up node_modules folders). */
function packageDir(name: string, fromDir: string, root: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return undefined;
  }
}

function nativeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // node_modules: other packages; obj.target: node-gyp's intermediate copies, never loaded.
    if (entry.name === 'node_modules' || entry.name === 'obj.target') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...nativeFiles(full));
    else if (entry.name.endsWith('.node')) out.push(full);
  }
  return out;
}

async function loadedFiles(entry: string, dir: string): Promise<{ files: string[]; requires: string[] }> {
  const requires = new Set<string>();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    metafile: true,
    logLevel: 'silent',
    // `require(\`./build/${type}/binding.node\`)` becomes a glob that includes the matching addons.
    loader: { '.node': 'empty' },
    plugins: [
      {
        name: 'other-packages-are-external',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point' || args.path.startsWith('.') || path.isAbsolute(args.path)) return undefined;
            if (!BUILTINS.has(args.path)) requires.add(args.path);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const cwd = process.cwd();
  const files = Object.keys(result.metafile.inputs)
    .map((input) => path.resolve(cwd, input))
    .filter((file) => file.startsWith(dir + path.sep) && !file.includes(`${path.sep}obj.target${path.sep}`));
  return { files, requires: [...requires] };
}

/** Every package (and its run-time files) reachable from these external imports. */
export async function runtimePackages(root: string, externals: string[]): Promise<{ packages: RuntimePackage[]; unresolved: string[] }> {
  const done = new Map<string, RuntimePackage>();
  const unresolved: string[] = [];
  const queue = externals.map((name) => ({ name, fromDir: root, optional: false }));
  while (queue.length > 0) {
    const { name, fromDir, optional } = queue.shift()!;
    const dir = packageDir(name, fromDir, root);
    if (!dir) {
      // Platform packages for elsewhere (@napi-rs/keyring-win32-x64-msvc…) are tried in a try/catch
      // and not installed here; only a declared dependency that is missing is a problem.
      if (!optional && !unresolved.includes(name)) unresolved.push(name);
      continue;
    }
    if (done.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const entry = createRequire(path.join(fromDir, 'noop.js')).resolve(name);
    const { files, requires } = await loadedFiles(entry, dir);
    const native = nativeFiles(dir);
    done.set(dir, { name, dir, files: [...new Set([path.join(dir, 'package.json'), ...files, ...native])].sort(), native });
    for (const spec of requires) {
      const dep = packageName(spec);
      queue.push({ name: dep, fromDir: dir, optional: !(dep in (pkg.dependencies ?? {})) });
    }
  }
  return { packages: [...done.values()], unresolved };
}
