/** Fixture fields from issue 15: contacts as managers, reportSettings, demo behaviour — and their refusals. */
import assert from 'node:assert/strict';
import { validateFixture } from '../../src/demo/fixture';
import { contosoFixture, guidFor, USER } from '../helpers/demo-tenant';

const CONTACT = guidFor(0xc0, 9);

describe('demo fixture: contacts, reportSettings, demo behaviour', () => {
  it('accepts a contact as a user’s manager, and defaults the new fields', () => {
    const f = contosoFixture();
    f.contacts = [{ id: CONTACT, displayName: 'Pat Partner', manager: USER.diego }];
    f.users[0].manager = CONTACT;
    const fixture = validateFixture(f);
    assert.equal(fixture.contacts[0].displayName, 'Pat Partner');
    assert.deepEqual(fixture.reportSettings, { displayConcealedNames: false });
    assert.deepEqual(validateFixture(contosoFixture()).demo, {});
  });

  it('refuses unknown managers, contact ids shared with users, and unknown behaviour settings', () => {
    const f = contosoFixture();
    f.contacts = [{ id: USER.adele, displayName: 'Twin' }, { id: CONTACT, displayName: 'Pat', manager: guidFor(0xdead, 1) }];
    assert.throws(() => validateFixture(f), (e: Error) => /contacts\[0\]\.id .* is already the id of users\[0\]/.test(e.message) && /contacts\[1\]\.manager .* is not a user id \(nor a contact id\)/.test(e.message));
    const g = contosoFixture();
    g.demo = { pageSize: 5, shuffle: true };
    assert.throws(() => validateFixture(g), /demo: unknown field\(s\) "shuffle"/);
  });
});
