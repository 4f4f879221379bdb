import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Hunt } from '../hunts/hunt.js';
import { formatLoadError, TEST_FILE } from '../hunts/load.js';
import { loadTestFile } from '../hunts/testCases.js';
import { safeForTerminal } from '../util/escape.js';
import { catalogOrFail, display, findHunt, stderrLog } from './common.js';
import type { Progress } from './progress.js';
import { loadOrReport } from './runCommand.js';
import { runTestCase } from './runTestCase.js';
import { textTable } from './textTable.js';

/** The test file of each hunt that has one, and test files whose hunt is not there. */
function testFiles(huntsDir: string, hunts: Hunt[]): { byHunt: Map<Hunt, string>; stray: string[] } {
  const byHunt = new Map<Hunt, string>();
  const stray: string[] = [];
  const names = existsSync(huntsDir) ? readdirSync(huntsDir).filter((f) => TEST_FILE.test(f)).sort() : [];
  for (const name of names) {
    const slug = name.replace(TEST_FILE, '');
    const hunt = hunts.find((h) => h.slug === slug);
    if (hunt) byHunt.set(hunt, name);
    else stray.push(name);
  }
  return { byHunt, stray };
}

/**
 * `hunts test [hunt...]`: every case of each hunt's `<hunt file>.test.yaml`, on the local engine, through
 * the path a run takes. A pass/fail table on stdout, then each failure as file:line: case: key: what differed.
 */
export async function testCommand(huntsDir: string, schemasDir: string | undefined, wanted: string[], progress: Progress): Promise<number> {
  const shown = display(huntsDir);
  const { hunts, failed: loadFailed } = loadOrReport(huntsDir);
  const { byHunt, stray } = testFiles(huntsDir, hunts);
  let failed = loadFailed;
  for (const name of stray) {
    // A hunt file that failed to load has been reported above; a test file with no hunt at all is named here.
    stderrLog.error(`${join(shown, name)}: no hunt ${name.replace(TEST_FILE, '')}.yaml loaded beside it; a test file is named after its hunt's file, <hunt file>.test.yaml`);
    failed = true;
  }
  const selected = wanted.length ? wanted.map((w) => findHunt(hunts, w, 'hunt')) : hunts.filter((h) => byHunt.has(h));
  const untested = selected.filter((h) => !byHunt.has(h));
  for (const h of untested) {
    stderrLog.error(`${h.slug}: no test cases; add ${join(shown, `${h.slug}.test.yaml`)} (see README, "Testing a hunt")`);
    failed = true;
  }

  const catalog = await catalogOrFail(huntsDir, schemasDir);
  const rows: string[][] = [];
  const problems: string[] = [];
  let passed = 0;
  let total = 0;
  let broken = 0;
  for (const hunt of selected.filter((h) => byHunt.has(h))) {
    const name = byHunt.get(hunt)!;
    const file = join(shown, name);
    const loaded = loadTestFile(join(huntsDir, name), file);
    if (!loaded.ok) {
      for (const e of loaded.errors) problems.push(formatLoadError(e));
      rows.push([hunt.slug, `(${name})`, 'ERROR']);
      broken++;
      failed = true;
      continue;
    }
    for (const testCase of loaded.value.cases) {
      total++;
      progress.update(`testing ${hunt.slug}: ${testCase.name}`);
      const result = await runTestCase(hunt, testCase, catalog);
      progress.done();
      if (result.passed) passed++;
      else failed = true;
      rows.push([hunt.slug, testCase.name, result.passed ? 'pass' : 'FAIL'].map(safeForTerminal));
      for (const p of result.problems) problems.push(`${file}:${testCase.line}: case "${testCase.name}": ${p}`);
    }
  }
  if (rows.length) process.stdout.write(textTable(['HUNT', 'CASE', 'RESULT'], rows));
  for (const p of problems) process.stdout.write(`${safeForTerminal(p)}\n`);
  const without = wanted.length ? [] : hunts.filter((h) => !byHunt.has(h)).map((h) => h.slug);
  process.stdout.write(
    `${total} case(s): ${passed} passed, ${total - passed} failed` +
      (broken ? `; ${broken} test file(s) could not be read` : '') +
      (without.length ? `; no test cases for ${without.join(', ')}` : '') + '\n',
  );
  return failed ? 1 : 0;
}
