import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate, templateColumns } from '../../../src/findings/titleTemplate.js';

describe('title templates', () => {
  it('fill {Column} with the value', () => {
    assert.equal(renderTemplate('{A} on {B}', { A: 'x', B: 2 }), 'x on 2');
    assert.equal(renderTemplate('at {T}', { T: new Date('2026-01-01T00:00:00Z') }), 'at 2026-01-01T00:00:00.000Z');
  });

  it('say {Column:one|many} with the word that agrees with the value', () => {
    const t = 'served files ({N:device|devices})';
    assert.equal(renderTemplate(t, { N: 1 }), 'served files (1 device)');
    assert.equal(renderTemplate(t, { N: '1' }), 'served files (1 device)');
    assert.equal(renderTemplate(t, { N: 2 }), 'served files (2 devices)');
    assert.equal(renderTemplate(t, { N: 0 }), 'served files (0 devices)');
    assert.equal(renderTemplate('{N:child|children}', { N: 11 }), '11 children');
  });

  it('drop an optional [group] whole when a column in it is empty, so no word dangles', () => {
    const t = '[{Threat} on ]{Device}: {File}[ from {Url}]';
    assert.equal(renderTemplate(t, { Threat: 'T', Device: 'd', File: 'f', Url: 'https://u.test/' }), 'T on d: f from https://u.test/');
    assert.equal(renderTemplate(t, { Threat: '', Device: 'd', File: 'f', Url: null }), 'd: f');
    assert.equal(renderTemplate('{A}[ and {B} with {C}]', { A: 'a', B: 'b', C: [] }), 'a');
  });

  it('keep brackets that hold no column as text', () => {
    assert.equal(renderTemplate('[PROD] {Host} [x]', { Host: 'h' }), '[PROD] h [x]');
  });

  it('list every column, in groups and plural forms too', () => {
    assert.deepEqual(templateColumns('[{A} on ]{B:x|y} {C}'), ['A', 'B', 'C']);
  });

  it('format values and literal text through the medium', () => {
    const out = renderTemplate('*{A}* [({B})]', { A: '_a_', B: 'b' }, { value: (c, v) => `<${c}=${String(v)}>`, literal: (t) => t.toUpperCase() });
    assert.equal(out, '*<A=_a_>* (<B=b>)');
  });
});
