/**
 * Builds the findings page (web/tab/) into its served files: index.html, and the script and stylesheet under
 * content-hashed names so they can be cached for good while index.html is revalidated. esbuild bundles
 * @microsoft/teams-js into the script. Used by `npm run build` (the Function App package) and, on the first
 * request, by servePage in a clone, where nothing is built ahead.
 */
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PageFile {
  /** File name as served under /api/tab/ (no folders). */
  name: string;
  body: Uint8Array;
}

/** The placeholders in web/tab/index.html that name the built script and stylesheet. */
const SCRIPT_REF = 'src="app.js"';
const STYLE_REF = 'href="tab.css"';

export async function buildPage(root: string): Promise<PageFile[]> {
  const source = join(root, 'web', 'tab');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: join(source, 'main.ts'), tab: join(source, 'tab.css') },
    outdir: join(root, 'dist', 'tab'),
    entryNames: '[name]-[hash]',
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'edge110', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const byEntry = (entry: string) => {
    const output = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith(entry));
    if (!output) throw new Error(`the page build made no output for web/tab/${entry}`);
    return output[0].split('/').pop()!;
  };
  const script = byEntry('main.ts');
  const style = byEntry('tab.css');
  const html = await readFile(join(source, 'index.html'), 'utf8');
  if (!html.includes(SCRIPT_REF) || !html.includes(STYLE_REF)) throw new Error(`web/tab/index.html must load ${SCRIPT_REF} and ${STYLE_REF}`);
  const files: PageFile[] = [{ name: 'index.html', body: new TextEncoder().encode(html.replace(SCRIPT_REF, `src="${script}"`).replace(STYLE_REF, `href="${style}"`)) }];
  for (const out of result.outputFiles) files.push({ name: out.path.split(/[\\/]/).pop()!, body: out.contents });
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/** Writes the built page into `dir` (emptied first). */
export async function writePage(files: PageFile[], dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await Promise.all(files.map((f) => writeFile(join(dir, f.name), f.body)));
}
