/**
 * The page's pure parts, run in Node: the finding a deep link names (the cards build that text with
 * findingTabTarget, the page reads it), and what the page shows of the token (display only).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingTabTarget } from '../../../src/findings/findingLinks.js';
import { parseFindingTarget } from '../../../web/tab/deepLink.js';
import { tokenUser } from '../../../web/tab/tokenUser.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'RS256' })}.${b64url(claims)}.c2ln`;

describe('the findings page', () => {
  it('reads the finding from the text the cards put in the fragment and the subEntityId', () => {
    const id = 'a'.repeat(64);
    for (const hunt of ['351f7035-836c-4f4b-80bb-188220ba9215', 'odd & hunt=id #1 +x']) {
      const text = findingTabTarget(hunt, id);
      assert.deepEqual(parseFindingTarget(text), { huntId: hunt, findingId: id });
      assert.deepEqual(parseFindingTarget(`#${text}`), { huntId: hunt, findingId: id });
    }
    for (const partial of [undefined, '', '#', 'hunt=x', 'finding=y', 'hunt=&finding=y']) assert.equal(parseFindingTarget(partial), undefined, String(partial));
  });

  it('shows who the token names and whether it carries Hunts.Triage, and nothing from a malformed one', () => {
    assert.deepEqual(tokenUser(jwt({ name: 'Ana Lyst', preferred_username: 'ana@contoso.test', roles: ['Hunts.Triage'] })), { name: 'Ana Lyst', canTriage: true });
    assert.deepEqual(tokenUser(jwt({ upn: 'reader@contoso.test', roles: ['Other'] })), { name: 'reader@contoso.test', canTriage: false });
    // Non-ASCII names survive the base64url → UTF-8 decoding.
    assert.deepEqual(tokenUser(jwt({ name: 'Zoë Ødegård', roles: 'Hunts.Triage' })), { name: 'Zoë Ødegård', canTriage: false });
    assert.equal(tokenUser('not a token'), undefined);
    assert.equal(tokenUser('a.%%%.c'), undefined);
  });
});
