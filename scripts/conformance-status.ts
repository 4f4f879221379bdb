/**
 * Runs every conformance case (pending ones too) and prints, per area, how many pass, give a wrong
 * answer, are unsupported by the local engine or fail otherwise.
 *
 *   npm run conformance                 report only
 *   npm run conformance -- --update     drop `pending` from cases that now pass, mark cases the
 *                                       engine refuses (LOCAL001) `pending: "unsupported: <what>"`
 *   ... --update --accept-wrong         also mark wrong answers and errors `pending: "wrong: ..."`
 *
 * A wrong answer is never marked pending silently: without --accept-wrong, --update removes any
 * pending marker from it so that `npm test` shows it failing.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { loadCaseFiles, runCase, setPending, type ConformanceCase, type Outcome } from '../test/conformance/harness.js';

const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (a !== '--update' && a !== '--accept-wrong') {
    console.error(`conformance-status: unknown option '${a}' (use --update, --update --accept-wrong)`);
    process.exit(2);
  }
}
const update = args.has('--update');
const acceptWrong = args.has('--accept-wrong');
if (acceptWrong && !update) {
  console.error('conformance-status: --accept-wrong only goes with --update');
  process.exit(2);
}

const short = (text: string, max = 120): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The pending marker a case should carry after this run, or undefined for none. */
function markerFor(c: ConformanceCase, outcome: Outcome): string | undefined {
  switch (outcome.status) {
    case 'pass':
      return undefined;
    case 'unsupported':
      return `unsupported: ${outcome.what}`;
    default: {
      if (c.pending?.startsWith('wrong:') && !acceptWrong) return c.pending;
      if (!acceptWrong) return undefined;
      return `wrong: ${short(outcome.status === 'wrong' ? outcome.detail : `error: ${outcome.message}`, 160)}`;
    }
  }
}

const files = loadCaseFiles();
const rows: string[][] = [];
const wrong: string[] = [];
const errors: string[] = [];
const newlyPassing: string[] = [];
const totals = { cases: 0, pass: 0, wrong: 0, unsupported: 0, error: 0, pending: 0 };
let changed = 0;
let failingTests = 0;

for (const file of files) {
  const counts = { cases: 0, pass: 0, wrong: 0, unsupported: 0, error: 0, pending: 0 };
  let dirty = false;
  for (const c of file.cases) {
    const outcome = runCase(c);
    counts.cases++;
    counts[outcome.status]++;
    if (c.pending) counts.pending++;
    const label = `${c.area}: ${c.name}`;
    if (outcome.status === 'wrong') wrong.push(`${label}${c.pending ? `  [${c.pending}]` : ''}\n    ${outcome.detail}\n    ${c.source}`);
    if (outcome.status === 'error') errors.push(`${label}\n    ${outcome.message}\n    ${c.source}`);
    if (outcome.status === 'pass' && c.pending) newlyPassing.push(label);
    if (outcome.status !== 'pass' && !c.pending) failingTests++;
    if (update) {
      const marker = markerFor(c, outcome);
      if (marker !== c.pending) {
        setPending(file, c.index, marker);
        dirty = true;
        changed++;
      }
    }
  }
  if (dirty) writeFileSync(file.file, file.document.toString({ lineWidth: 0 }));
  for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
  rows.push([file.area, ...[counts.cases, counts.pass, counts.wrong, counts.unsupported, counts.error, counts.pending].map(String)]);
}
rows.push(['total', ...[totals.cases, totals.pass, totals.wrong, totals.unsupported, totals.error, totals.pending].map(String)]);

const header = ['area', 'cases', 'pass', 'wrong', 'unsupported', 'error', 'marked pending'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
rows.forEach((r, i) => {
  if (i === rows.length - 1) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  console.log(line(r));
});

if (wrong.length > 0) console.log(`\nWrong answers (${wrong.length}) - look at each; never mark them pending without --accept-wrong:\n  ${wrong.join('\n  ')}`);
if (errors.length > 0) console.log(`\nErrors (${errors.length}):\n  ${errors.join('\n  ')}`);
if (newlyPassing.length > 0 && !update) console.log(`\nPassing but still marked pending (${newlyPassing.length}): run with --update to unmark.\n  ${newlyPassing.join('\n  ')}`);
if (update) console.log(`\n${changed} pending marker(s) changed in ${relative(process.cwd(), files[0]?.file ?? '.').replace(/[^/]*$/, '')}`);
else if (failingTests > 0) console.log(`\n${failingTests} case(s) fail without a pending marker: npm test fails on them.`);
process.exitCode = !update && failingTests > 0 ? 1 : 0;
