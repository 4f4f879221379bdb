/**
 * Builds the deployable Function App package (Flex Consumption, no node_modules):
 *   npm run build        → dist/functionapp/
 *
 *   index.js       functions/index.ts and every production dependency in one ESM bundle
 *   index.js.map   its source map (used when Node runs with --enable-source-maps)
 *   package.json   name, version, "type": "module", "main": "index.js"; no dependencies
 *   host.json      copied from the root
 *   hunts/         the hunt YAML files
 *   tab/           the findings page (web/tab/ built: index.html, its script with teams-js, its stylesheet)
 */
import { build, type Metafile } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join, parse, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BUILT_PAGE_DIR } from '../src/api/page.js';
import { buildPage, writePage } from '../src/tab/buildPage.js';
import { projectRoot } from '../src/util/paths.js';

/**
 * Provided at run time, never bundled. The Functions Node worker answers `require('@azure/functions-core')`
 * itself (it patches Module.prototype.require); no package of that name exists on disk.
 * `@azure/functions-extensions-base` is NOT listed: @azure/functions requires it while it loads, and
 * nothing provides it in a package without node_modules, so it has to be in the bundle.
 */
export const RUNTIME_PROVIDED = ['@azure/functions-core'];

/** Where `npm run build` writes the package, relative to the project root; azure.yaml's `dist`. */
export const PACKAGE_DIR = 'dist/functionapp';

/** Local-only code: the embedded KQL engine, the local source, the CLI, the page's builder and Azurite (paths from the root). */
const LOCAL_ONLY = [/^src\/kql\//, /^src\/sources\/local\.ts$/, /^src\/cli\//, /^src\/tab\//, /(^|\/)node_modules\/@kusto\//, /(^|\/)node_modules\/azurite\//];

/**
 * The bundle is ESM, but bundled CommonJS code calls `require` (Node built-ins, and the worker's
 * @azure/functions-core): give it a real one. The alias keeps clear of names esbuild emits.
 */
const REQUIRE_BANNER =
  "import { createRequire as __scheduledHuntsCreateRequire } from 'node:module';\n" +
  'const require = __scheduledHuntsCreateRequire(import.meta.url);';

export interface BuiltFile {
  /** Relative to the output directory, with "/" separators. */
  path: string;
  bytes: number;
}

export interface FunctionAppBuild {
  outDir: string;
  /** Every file written, sorted by path. */
  files: BuiltFile[];
  totalBytes: number;
  bundle: { bytes: number; gzipBytes: number; mapBytes: number };
  /** Source files and packages that went into index.js, relative to the project root. */
  inputs: string[];
  /** esbuild's warnings, if any (e.g. an import it could not analyse). */
  warnings: string[];
  durationMs: number;
}

export class BuildError extends Error {
  override name = 'BuildError';
}

/**
 * Builds the package into `outDir`, which is emptied first. `root` is the project to build
 * (default: this one). Throws BuildError (or esbuild's error, which lists every problem) on failure.
 */
export async function buildFunctionApp(outDir: string, options: { root?: string } = {}): Promise<FunctionAppBuild> {
  const started = performance.now();
  const root = resolve(options.root ?? projectRoot());
  const out = resolve(outDir);
  assertSafeOutDir(out, root);
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
  if (!manifest.version) throw new BuildError(`${join(root, 'package.json')} has no "version"`);

  // Nothing from an earlier build survives, and a failed build leaves no package that looks deployable.
  await rm(out, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [join(root, 'functions/index.ts')],
      outfile: join(out, 'index.js'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: RUNTIME_PROVIDED,
      banner: { js: REQUIRE_BANNER },
      // Minified, but function and class names stay, so stack traces in Application Insights still
      // name the functions; the map turns positions back into src/ lines under --enable-source-maps.
      minify: true,
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
    });
    assertNoLocalOnlyCode(result.metafile);
    assertOnlyRuntimeExternals(result.metafile);

    await mkdir(join(out, 'hunts'), { recursive: true });
    await Promise.all(result.outputFiles.map((f) => writeFile(f.path, f.contents)));
    await writeFile(
      join(out, 'package.json'),
      `${JSON.stringify({ name: 'scheduled-hunts', version: manifest.version, type: 'module', main: 'index.js' }, null, 2)}\n`,
    );
    await copyFile(join(root, 'host.json'), join(out, 'host.json'));
    // *.yml too: the hunt loader reads both.
    // Test cases (`hunts test`) stay behind: the app never reads them.
    const huntFiles = (await readdir(join(root, 'hunts'))).filter((f) => /\.ya?ml$/i.test(f) && !/\.test\.ya?ml$/i.test(f)).sort();
    if (!huntFiles.some((f) => parse(f).name !== 'exclusions')) throw new BuildError(`no hunt files in ${join(root, 'hunts')}`);
    await Promise.all(huntFiles.map((f) => copyFile(join(root, 'hunts', f), join(out, 'hunts', f))));
    // Built here, because the app has no esbuild to build it on its first request as a clone does.
    await writePage(await buildPage(root), join(out, BUILT_PAGE_DIR));

    const files = await listFiles(out);
    const bundle = result.outputFiles.find((f) => f.path === join(out, 'index.js'))!.contents;
    return {
      outDir: out,
      files,
      totalBytes: files.reduce((n, f) => n + f.bytes, 0),
      bundle: {
        bytes: bundle.length,
        gzipBytes: gzipSync(bundle).length,
        mapBytes: files.find((f) => f.path === 'index.js.map')?.bytes ?? 0,
      },
      inputs: Object.keys(result.metafile.inputs).sort(),
      warnings: result.warnings.map((w) => (w.location ? `${w.location.file}:${w.location.line}: ${w.text}` : w.text)),
      durationMs: performance.now() - started,
    };
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}

/** The local-only code must stay out; the message names where it came in, not its hundred files. */
function assertNoLocalOnlyCode(metafile: Metafile): void {
  const isLocalOnly = (f: string) => LOCAL_ONLY.some((re) => re.test(f));
  const leaked = Object.keys(metafile.inputs).filter(isLocalOnly);
  if (leaked.length === 0) return;
  const entries = Object.entries(metafile.inputs)
    .filter(([file]) => !isLocalOnly(file))
    .flatMap(([file, input]) => input.imports.filter((i) => isLocalOnly(i.path)).map((i) => `${file} imports ${i.path}`));
  throw new BuildError(
    `the bundle would contain local-only code (the embedded engine, CLI or Azurite: ${leaked.length} files); it comes in through\n  ${entries.join('\n  ')}`,
  );
}

/** Emptying the output directory must never reach the project itself or anything above it. */
function assertSafeOutDir(out: string, root: string): void {
  if (out === parse(out).root || out === root || root.startsWith(out + sep)) {
    throw new BuildError(`refusing to build into ${out}: it would delete the project (choose a folder such as dist/functionapp)`);
  }
}

/** Node built-ins and the worker's own module are all the bundle may import: there is no node_modules. */
function assertOnlyRuntimeExternals(metafile: Metafile): void {
  const externals = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  const unexpected = [...new Set(externals)].filter((p) => !RUNTIME_PROVIDED.includes(p) && !isBuiltin(p));
  if (unexpected.length > 0) throw new BuildError(`the bundle imports packages it does not contain: ${unexpected.join(', ')}`);
}

async function listFiles(dir: string, base = dir): Promise<BuiltFile[]> {
  const files: BuiltFile[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, base)));
    else files.push({ path: relative(base, path).split(sep).join('/'), bytes: (await stat(path)).size });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export function formatBuild(b: FunctionAppBuild, shownDir = b.outDir): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const width = Math.max(...b.files.map((f) => f.path.length));
  const sizeWidth = n(b.totalBytes).length;
  const lines = b.files.map((f) => {
    const gzip = f.path === 'index.js' ? `  (gzip ${n(b.bundle.gzipBytes)} B)` : '';
    return `  ${f.path.padEnd(width)}  ${n(f.bytes).padStart(sizeWidth)} B${gzip}`;
  });
  return [
    `${shownDir}/`,
    ...lines,
    `  ${'total'.padEnd(width)}  ${n(b.totalBytes).padStart(sizeWidth)} B in ${b.files.length} files, built in ${(b.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

async function main(): Promise<void> {
  const root = projectRoot();
  const outDir = join(root, PACKAGE_DIR);
  const built = await buildFunctionApp(outDir, { root });
  for (const warning of built.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(`${formatBuild(built, relative(process.cwd(), outDir) || '.')}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    // esbuild's own errors already list each problem with file and line.
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
