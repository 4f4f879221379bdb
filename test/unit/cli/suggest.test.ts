import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance } from '../../../src/cli/suggest.js';

describe('did you mean', () => {
  it('measures edits case-insensitively', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('DeviceEvents', 'deviceevents'), 0);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('suggests a near miss or a name typed in part, and nothing for a different name', () => {
    const hunts = ['av-detections-with-source', 'pivot-detections-to-downloads', '351f7035-836c-4f4b-80bb-188220ba9215'];
    assert.equal(closest('pivot-detection-to-download', hunts), 'pivot-detections-to-downloads');
    assert.equal(closest('av-detection', hunts), 'av-detections-with-source');
    assert.equal(closest('351f7035-836c-4f4b-80bb-188220ba9216', hunts), '351f7035-836c-4f4b-80bb-188220ba9215');
    assert.equal(closest('nope', hunts), null);
    assert.equal(closest('DeviceEvent', ['DeviceEvents', 'DeviceFileEvents']), 'DeviceEvents');
    assert.equal(closest('DeviceProcessEvents', ['DeviceEvents', 'DeviceFileEvents']), null);
  });
});
