/** toGraphUser: a user as Graph sent it, normalised where it stands. */
import assert from 'node:assert/strict';
import { toGraphUser } from '../../src/graph/gateway';

const raw = () => ({
  id: 'AAAA-1',
  displayName: 'Adele Vance',
  userPrincipalName: 'AdeleV@contoso.example',
  accountEnabled: true,
  assignedLicenses: [{ skuId: '05E9A617-0261-4CEE-BB44-138D3EF5D965', disabledPlans: ['EFB87545-963C-4E0D-99DF-69C6916D9EB0'] }],
  licenseAssignmentStates: [{ skuId: '05E9A617-0261-4CEE-BB44-138D3EF5D965', assignedByGroup: 'G-UPPER', disabledPlans: [], state: 'Active', error: 'None' }],
  assignedPlans: [{ servicePlanId: 'EFB87545-963C-4E0D-99DF-69C6916D9EB0', capabilityStatus: 'Enabled', service: 'exchange' }],
  manager: { '@odata.type': '#microsoft.graph.orgContact', id: 'C-1' },
  signInActivity: null,
  country: 'US',
});

describe('toGraphUser', () => {
  it('lower-cases ids and fills absent fields with null, in the object it was given', () => {
    const input = raw();
    const user = toGraphUser(input);
    assert.equal(user, input as unknown, 'changed in place, not copied');
    assert.equal(user.id, 'AAAA-1', 'the user id is kept as Graph gave it');
    assert.deepEqual(user.assignedLicenses, [{ skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', disabledPlans: ['efb87545-963c-4e0d-99df-69c6916d9eb0'] }]);
    assert.deepEqual(user.licenseAssignmentStates, [
      { skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', assignedByGroup: 'g-upper', disabledPlans: [], state: 'Active', error: 'None', lastUpdatedDateTime: null },
    ]);
    assert.deepEqual(user.assignedPlans, [{ servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', capabilityStatus: 'Enabled', service: 'exchange', assignedDateTime: null }]);
    assert.equal(user.mail, null);
    assert.equal(user.jobTitle, null);
    assert.equal(user.usageLocation, null);
    assert.deepEqual(user.manager, { id: 'c-1', objectType: 'contact' });
    assert.equal(user.signInActivity, null);
    assert.equal(user.country, 'US');
    assert.ok(!('companyName' in user), 'a billing attribute not selected stays absent');
  });

  it('is idempotent (a contact manager stays a contact) and copes with what is not an object', () => {
    const once = JSON.parse(JSON.stringify(toGraphUser(raw())));
    const twice = toGraphUser(JSON.parse(JSON.stringify(once)));
    assert.deepEqual(JSON.parse(JSON.stringify(twice)), once);
    const empty = toGraphUser(null);
    assert.equal(empty.id, '');
    assert.deepEqual(empty.assignedLicenses, []);
    assert.equal(empty.accountEnabled, null);
    assert.deepEqual(toGraphUser({ id: 'x', assignedLicenses: 'not a list' }).assignedLicenses, []);
  });
});
