// electron-builder's own file selection, without packaging: the matchers and the node_modules
// walker a real build uses (app-builder-lib internals of the installed version), so `files` and
// `asarUnpack` are judged exactly as electron-builder judges them.
import { lstatSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';

const require = createRequire(import.meta.url);

interface Matcher {
  to: string;
  patterns: string[];
  macroExpander: (s: string) => string;
  createFilter(): (file: string, stat: Stats & { moduleFullFilePath?: string }) => boolean;
}
const fileMatcher = require('app-builder-lib/out/fileMatcher') as {
  excludedExts: string;
  getMainFileMatchers(appDir: string, to: string, expand: (s: string) => string, platformOptions: unknown, platformPackager: unknown, outDir: string, isElectronCompile: boolean): Matcher[];
  getNodeModuleFileMatcher(appDir: string, to: string, expand: (s: string) => string, platformOptions: unknown, packager: unknown): Matcher;
  getFileMatchers(config: Configuration, name: 'asarUnpack', to: string, options: unknown): Matcher[] | null;
  FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => Matcher;
};
const { NodeModuleCopyHelper } = require('app-builder-lib/out/util/NodeModuleCopyHelper') as {
  NodeModuleCopyHelper: new (matcher: Matcher, packager: unknown) => { collectNodeModules(dep: { name: string; dir: string }, excludedExts: string[], destination: string): Promise<string[]> };
};

const DESTINATION = '/packaged/resources/app';

export class BuilderFileSelection {
  private readonly expand: (s: string) => string;
  private readonly platformOptions: unknown;
  private readonly packagerInfo: unknown;

  constructor(
    private readonly root: string,
    private readonly config: Configuration,
    platform: 'linux' | 'win' | 'mac' = 'linux',
    arch = process.arch,
  ) {
    this.expand = (s) => s.replace(/\$\{arch\}/g, arch);
    this.platformOptions = config[platform] ?? {};
    this.packagerInfo = {
      projectDir: root,
      buildResourcesDir: path.resolve(root, config.directories?.buildResources ?? 'build'),
      config,
      isPrepackedAppAsar: false,
      debugLogger: { isEnabled: false },
      appInfo: { type: 'commonjs' },
      getWorkspaceRoot: () => Promise.resolve(root),
    };
  }

  /** Whether a file of the app itself (not node_modules), relative to the project, goes into the package. */
  appIncludes(relative: string): boolean {
    const outDir = path.resolve(this.root, this.config.directories?.output ?? 'dist');
    const [main] = fileMatcher.getMainFileMatchers(this.root, DESTINATION, this.expand, this.platformOptions, { info: this.packagerInfo }, outDir, false);
    // The file need not exist (bundles are built elsewhere in tests): only its path is matched.
    const stat = { isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false } as Stats;
    return main!.createFilter()(path.join(this.root, relative), stat);
  }

  /** Every file of an installed dependency electron-builder copies (absolute source paths). */
  async moduleFiles(name: string, dir: string): Promise<Set<string>> {
    const modules = fileMatcher.getNodeModuleFileMatcher(this.root, DESTINATION, this.expand, this.platformOptions, this.packagerInfo);
    const matcher = new fileMatcher.FileMatcher(dir, path.join(DESTINATION, 'node_modules', name), modules.macroExpander, modules.patterns);
    const copier = new NodeModuleCopyHelper(matcher, this.packagerInfo);
    return new Set(await copier.collectNodeModules({ name, dir }, this.nodeModuleExcludedExts(), path.join('node_modules', name)));
  }

  /** Whether asarUnpack puts this dependency file beside the asar (native code cannot load from inside it). */
  unpacks(name: string, dir: string, file: string): boolean {
    const [matcher] = fileMatcher.getFileMatchers(this.config, 'asarUnpack', DESTINATION, { macroExpander: this.expand, customBuildOptions: this.platformOptions, globalOutDir: this.root, defaultSrc: this.root }) ?? [];
    if (!matcher) return false;
    const stat = Object.assign(lstatSync(file), { moduleFullFilePath: path.join('node_modules', name, path.relative(dir, file)) });
    return matcher.createFilter()(file, stat);
  }

  // As appFileCopier.getNodeModuleExcludedExts (not exported) for a non-Windows build.
  private nodeModuleExcludedExts(): string[] {
    return ['.o', '.obj', ...fileMatcher.excludedExts.split(',').map((ext) => `.${ext}`), '.pdb', '.dll', '.exe'];
  }
}
