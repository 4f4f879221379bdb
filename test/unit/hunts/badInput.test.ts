/**
 * Whatever is wrong with one file of a hunts folder is an error (or warning) that names the file, the
 * key when there is one, and the fix; the other hunts still load, and nothing is silently ignored.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatLoadError, huntFileNames, isExclusionsNearMiss, loadHunts } from '../../../src/hunts/load.js';
import { MAX_HUNT_FILE_BYTES } from '../../../src/hunts/yamlFile.js';
import { tempDir } from '../../support/tempDir.js';

function folder(files: Record<string, string | Buffer>): string {
  const dir = tempDir('hunts-bad-');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const GOOD = 'id: good\nname: Good\nquery: |\n  DeviceEvents | take 1\n';
const RULES = 'rules:\n  - name: corp\n    kind: domainSuffixes\n    values: [internal.corp]\n';

/** Loads a folder with a good hunt and an empty exclusions.yaml beside `files`. */
function load(files: Record<string, string | Buffer>) {
  const result = loadHunts(folder({ 'exclusions.yaml': '', 'good.yaml': GOOD, ...files }), 'h');
  return { ...result, messages: result.errors.map(formatLoadError) };
}

describe('the global exclusions file', () => {
  it('missing: every hunt still loads, with a warning naming the folder\'s file and the fix', () => {
    const { hunts, errors, warnings } = loadHunts(folder({ 'good.yaml': GOOD }), 'h');
    assert.deepEqual([hunts.map((h) => h.id), errors], [['good'], []]);
    assert.equal(warnings.length, 1);
    const w = formatLoadError(warnings[0]);
    assert.match(w, /^h\/exclusions\.yaml: not found, so every hunt runs without global exclusion rules/);
    assert.match(w, /empty exclusions\.yaml \(or one holding "rules: \[\]"\)/);
  });

  for (const [what, text] of [['an empty file', ''], ['a comment only', '# none: every hunt brings its own\n'], ['"rules: []"', 'rules: []\n'], ['"rules:" with nothing after it', 'rules:\n']] as const) {
    it(`${what} says the folder has no global rules: no warning`, () => {
      const { hunts, errors, warnings, globalRules } = loadHunts(folder({ 'exclusions.yaml': text, 'good.yaml': GOOD }), 'h');
      assert.deepEqual([hunts.length, errors, warnings, globalRules], [1, [], [], []]);
    });
  }

  it('tells a near-miss name from a hunt whose name merely mentions exclusions', () => {
    const near = ['exclusions.yml', 'Exclusions.yaml', 'EXCLUSIONS.YAML', 'exclusions.YML', 'exclusion.yaml', 'exlusions.yaml', 'exclusons.yml', 'exclusionss.yaml', 'exclusion.yml'];
    const hunts = ['defender-exclusion-added.yaml', 'exclusions-tampering.yaml', 'av-exclusions.yml', 'exclusions.test.yaml', 'exclusions.yaml', 'exclusions.json'];
    assert.deepEqual(near.filter((n) => !isExclusionsNearMiss(n)), []);
    assert.deepEqual(hunts.filter(isExclusionsNearMiss), []);
    assert.deepEqual(huntFileNames('', [...near, ...hunts]), ['av-exclusions.yml', 'defender-exclusion-added.yaml', 'exclusions-tampering.yaml']);
  });

  for (const name of ['exclusions.yml', 'Exclusions.yaml', 'exclusion.yaml']) {
    it(`${name} alone: no hunt loads (its rules may be the ones every hunt needs), and the error says to rename it`, () => {
      const { hunts, errors } = loadHunts(folder({ [name]: RULES, 'good.yaml': GOOD }), 'h');
      assert.equal(hunts.length, 0);
      assert.deepEqual(errors.map(formatLoadError), [
        `h/${name}: not loaded: the global exclusions file must be named exclusions.yaml exactly; rename it to exclusions.yaml; until then no hunt runs, since its rules may be the ones every hunt needs`,
      ]);
    });
  }

  it('a near-miss beside exclusions.yaml: the hunts load with exclusions.yaml, and the near-miss is an error, never a hunt', () => {
    const { hunts, messages, globalRules } = load({ 'exclusions.yaml': RULES, 'exclusions.yml': 'id: x\nname: X\nquery: T\n' });
    assert.deepEqual([hunts.map((h) => h.id), globalRules.map((r) => r.name)], [['good'], ['corp']]);
    assert.deepEqual(messages, ['h/exclusions.yml: not loaded: the global exclusions file must be named exclusions.yaml exactly; move its rules into exclusions.yaml and delete it (exclusions.yaml is used, this file is not)']);
  });

  it('a file of rules under another name is called what it is', () => {
    const { messages } = load({ 'global-rules.yaml': RULES });
    assert.deepEqual(messages, ["h/global-rules.yaml:1:1: not a hunt: it holds exclusion rules; global rules belong in exclusions.yaml (this name exactly), a hunt's own under its exclusions.rules"]);
  });
});

describe('a broken hunt file fails alone, named', () => {
  it('a YAML alias bomb (billion laughs)', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { hunts, messages } = load({ 'bomb.yaml': `id: bomb\nname: Bomb\nquery: T\n${levels.join('\n')}\n` });
    assert.deepEqual(hunts.map((h) => h.id), ['good']);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^h\/bomb\.yaml: its aliases \(\*name\) expand to too much data: a YAML alias bomb.*write the values out/);
  });

  it('a bomb in exclusions.yaml stops every hunt, naming that file', () => {
    const bomb = 'x: &x [1,1,1,1,1,1,1,1,1,1]\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x,*x]\nz: &z [*y,*y,*y,*y,*y,*y,*y,*y,*y,*y]\nrules: [*z,*z,*z,*z,*z,*z,*z,*z,*z,*z]\n';
    const { hunts, messages } = load({ 'exclusions.yaml': bomb });
    assert.equal(hunts.length, 0);
    assert.match(messages.join('\n'), /^h\/exclusions\.yaml: its aliases/);
  });

  it('a huge file is refused before it is read', () => {
    const huge = `id: huge\nname: Huge\nquery: |\n${'  DeviceEvents | take 1\n'.repeat(Math.ceil(MAX_HUNT_FILE_BYTES / 23) + 1)}`;
    const { hunts, messages } = load({ 'huge.yaml': huge });
    assert.deepEqual(hunts.map((h) => h.id), ['good']);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^h\/huge\.yaml: is 1,0\d\d KiB, more than the 1,024 KiB a file of this kind in the hunts folder may be; move data out of the hunts folder, or split the file$/);
  });

  it('text that is not UTF-8: Latin-1, UTF-16, binary', () => {
    const { hunts, messages } = load({
      'latin1.yaml': Buffer.concat([Buffer.from('id: l1\nname: Caf'), Buffer.from([0xe9]), Buffer.from('\nquery: T\n')]),
      'utf16.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: u\nname: U\nquery: T\n', 'utf16le')]),
      'binary.yml': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xc3, 0x28, 0x0a]),
    });
    assert.deepEqual(hunts.map((h) => h.id), ['good']);
    assert.deepEqual(messages, [
      'h/binary.yml:1:1: is not UTF-8 (line 1 has bytes that are not UTF-8 text); save it as UTF-8',
      'h/latin1.yaml:2:1: is not UTF-8 (line 2 has bytes that are not UTF-8 text); save it as UTF-8',
      'h/utf16.yaml:1:1: is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8',
    ]);
  });

  it('UTF-8 with a byte-order mark and CRLF line ends is fine', () => {
    const { hunts, messages } = load({ 'bom.yaml': `\uFEFF${'id: bom\r\nname: Café\r\nquery: T\r\n'}` });
    assert.deepEqual([hunts.map((h) => h.name).sort(), messages], [['Café', 'Good'], []]);
  });

  it('a key written twice, at the top level or deeper', () => {
    const { hunts, messages } = load({
      'twice.yaml': 'id: t\nname: T\nquery: |\n  A\nquery: |\n  B\n',
      'deep.yaml': 'id: d\nname: D\nquery: T\nfinding:\n  key: [Host]\n  "key": [Url]\n',
    });
    assert.deepEqual(hunts.map((h) => h.id), ['good']);
    assert.deepEqual(messages, [
      "h/deep.yaml:6:3: key 'key' appears twice in one mapping (the second time at line 6); a mapping holds each key once: delete or rename one",
      "h/twice.yaml:5:1: key 'query' appears twice in one mapping (the second time at line 5); a mapping holds each key once: delete or rename one",
    ]);
  });

  it('a missing, empty, blank or non-text query names the file and key', () => {
    const { hunts, messages } = load({
      'none.yaml': 'id: n\nname: N\n',
      'empty.yaml': 'id: e\nname: E\nquery:\n',
      'blank.yaml': 'id: b\nname: B\nquery: |\n\n\n',
      'spaces.yaml': 'id: s\nname: S\nquery: "   "\n',
      'list.yaml': 'id: l\nname: L\nquery: [DeviceEvents]\n',
    });
    assert.deepEqual(hunts.map((h) => h.id), ['good']);
    const KQL = `the hunt's KQL; `;
    assert.deepEqual(messages, [
      `h/blank.yaml:3:8: key 'query': is empty: ${KQL}fill it in, e.g. "query: |" followed by the KQL on the lines below, indented`,
      `h/empty.yaml:3:1: key 'query': is empty: ${KQL}fill it in, e.g. "query: |" followed by the KQL on the lines below, indented`,
      `h/list.yaml:3:8: key 'query': must be text (the hunt's KQL), not a list`,
      `h/none.yaml:1:1: key 'query': is missing: ${KQL}add it, e.g. "query: |" followed by the KQL on the lines below, indented`,
      `h/spaces.yaml:3:8: key 'query': is empty: ${KQL}fill it in, e.g. "query: |" followed by the KQL on the lines below, indented`,
    ]);
  });

  it('a missing id or name says what it is for', () => {
    const { messages } = load({ 'noid.yaml': 'name: N\nquery: T\n', 'noname.yaml': 'id: x\nname: ""\nquery: T\n' });
    assert.match(messages[0], /^h\/noid\.yaml:1:1: key 'id': is missing: the id findings are stored under/);
    assert.match(messages[1], /^h\/noname\.yaml:2:7: key 'name': is empty: the name notices show/);
  });
});
