import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledFixture, FixtureError, loadFixture, parseFixture, scanJsonError, validateFixture } from '../../src/demo/fixture';
import { createDemoTenant } from '../../src/demo/server';
import { contosoFixture, GROUP, SKU, USER } from '../helpers/demo-tenant';

function refused(mutate: (f: any) => void): FixtureError {
  const f = contosoFixture();
  mutate(f);
  try {
    validateFixture(f, 'test.json');
  } catch (error) {
    assert.ok(error instanceof FixtureError, `expected a FixtureError, got ${String(error)}`);
    return error;
  }
  assert.fail('the fixture was accepted');
}

describe('demo tenant fixture', () => {
  it('accepts the bundled Contoso fixture and fills every SKU’s service plans from the catalog', () => {
    const f = bundledFixture();
    assert.equal(f.users.length, 14);
    assert.equal(f.groups.length, 2);
    const e3 = f.subscribedSkus.find((s) => s.skuId === SKU.SPE_E3)!;
    assert.ok(e3.servicePlans.length > 40);
    assert.ok(e3.servicePlans.some((p) => p.servicePlanName === 'EXCHANGE_S_ENTERPRISE' && p.provisioningStatus === 'Success'));
    const miriam = f.users.find((u) => u.id === USER.miriam)!;
    assert.equal(miriam.usageLocation, null);
  });

  it('the bundled copy is the shared Contoso fixture, every id kept', function () {
    const sharedPath = join(__dirname, '../../../shared/fixtures/contoso.json');
    if (!existsSync(sharedPath)) this.skip();
    const shared = JSON.parse(readFileSync(sharedPath, 'utf8'));
    assert.deepEqual(contosoFixture(), shared);
  });

  it('reports bad JSON with line and column', () => {
    const text = '{\n  "organization": {\n    "id": x\n  }\n}';
    assert.throws(() => parseFixture(text, 'broken.json'), (error: unknown) => {
      assert.ok(error instanceof FixtureError);
      assert.match(error.message, /broken\.json/);
      assert.match(error.message, /invalid JSON at line 3, column 11/);
      return true;
    });
    const trailing = '{"users": [1, 2,]}';
    assert.throws(() => parseFixture(trailing, 'trailing.json'), /line 1, column 17/);
  });

  it('finds the JSON error position itself when V8 does not say it', () => {
    assert.equal(scanJsonError('{"a": tru}'), 9);
    assert.equal(scanJsonError('[1, 2'), 5);
    assert.equal(scanJsonError('{"a": 1}'), 8);
  });

  it('names a user license whose skuId is not a SKU of the tenant', () => {
    const error = refused((f) => (f.users[3].assignedLicenses[0].skuId = SKU.MIDSIZEPACK));
    assert.match(error.message, new RegExp(`users\\[3\\]\\.assignedLicenses\\[0\\]\\.skuId "${SKU.MIDSIZEPACK}" is not a SKU of this tenant \\(subscribedSkus\\)`));
  });

  it('names a group license whose skuId is not a SKU of the tenant', () => {
    const error = refused((f) => (f.groups[1].assignedLicenses[0].skuId = '00000000-0000-0000-0000-000000000001'));
    assert.match(error.message, /groups\[1\]\.assignedLicenses\[0\]\.skuId "00000000-0000-0000-0000-000000000001" is not a SKU of this tenant/);
  });

  it('names a group member that is no user', () => {
    const error = refused((f) => f.groups[1].members.push(GROUP.approvers));
    assert.match(error.message, new RegExp(`groups\\[1\\]\\.members\\[2\\] "${GROUP.approvers}" is not a user id`));
  });

  it('names duplicate user ids with both places', () => {
    const error = refused((f) => (f.users[5].id = f.users[2].id));
    assert.match(error.message, new RegExp(`duplicate user id "${USER.megan}" at users\\[5\\] \\(first at users\\[2\\]\\)`));
  });

  it('names duplicate SKUs, group ids and user principal names', () => {
    assert.match(refused((f) => f.subscribedSkus.push(structuredClone(f.subscribedSkus[0]))).message, /duplicate skuId "05e9a617-0261-4cee-bb44-138d3ef5d965" at subscribedSkus\[10\] \(first at subscribedSkus\[0\]\)/);
    assert.match(refused((f) => (f.groups[1].id = f.groups[0].id)).message, /duplicate group id ".*" at groups\[1\] \(first at groups\[0\]\)/);
    assert.match(refused((f) => (f.users[4].userPrincipalName = 'adelev@CONTOSO.example')).message, /duplicate userPrincipalName "adelev@CONTOSO\.example" at users\[4\] \(first at users\[0\]\)/);
  });

  it('requires managers to be users', () => {
    assert.match(refused((f) => (f.users[0].manager = '11111111-1111-1111-1111-111111111111')).message, /users\[0\]\.manager "11111111-1111-1111-1111-111111111111" is not a user id/);
    assert.match(refused((f) => (f.users[0].manager = f.users[0].id)).message, /users\[0\]\.manager ".*" is the user itself/);
  });

  it('refuses a disabled plan that is not in the SKU', () => {
    const error = refused((f) => f.users[0].assignedLicenses[0].disabledPlans.push('22222222-2222-2222-2222-222222222222'));
    assert.match(error.message, /users\[0\]\.assignedLicenses\[0\]\.disabledPlans\[0\] "22222222-2222-2222-2222-222222222222" is not a service plan of SPE_E3/);
  });

  it('refuses consumedUnits (it is computed) and shape errors, with their paths', () => {
    assert.match(refused((f) => (f.subscribedSkus[1].consumedUnits = 2)).message, /subscribedSkus\[1\]\.consumedUnits: must not be given/);
    assert.match(refused((f) => (f.users[2].id = 'not-a-guid')).message, /users\[2\]\.id: must be a GUID/);
    assert.match(refused((f) => delete f.users[4].displayName).message, /users\[4\]\.displayName: is required/);
    assert.match(refused((f) => (f.users[1].usageLocation = 'usa')).message, /users\[1\]\.usageLocation: must be a two-letter/);
    assert.match(refused((f) => (f.extra = true)).message, /unknown field\(s\) "extra"/);
  });

  it('refuses a SKU unknown to Microsoft’s catalog unless its service plans are given', () => {
    const sku = { skuId: '33333333-3333-3333-3333-333333333333', skuPartNumber: 'CUSTOM_SKU', prepaidUnits: { enabled: 1 } };
    assert.match(refused((f) => f.subscribedSkus.push(sku)).message, /subscribedSkus\[10\]\.skuId "33333333-.*" is not in Microsoft's licensing catalog/);
    const f = contosoFixture();
    f.subscribedSkus.push({ ...sku, servicePlans: [{ servicePlanId: '44444444-4444-4444-4444-444444444444', servicePlanName: 'CUSTOM_PLAN' }] });
    const ok = validateFixture(f, 'custom.json');
    assert.equal(ok.subscribedSkus[10].servicePlans[0].appliesTo, 'User');
  });

  it('refuses a part number that contradicts the skuId', () => {
    assert.match(refused((f) => (f.subscribedSkus[0].skuPartNumber = 'SPE_E5')).message, /subscribedSkus\[0\]\.skuPartNumber "SPE_E5" does not match skuId "05e9a617-.*" \(Microsoft's catalog says "SPE_E3"\)/);
  });

  it('refuses legacy Exchange plans held together with another Exchange plan', () => {
    const error = refused((f) => {
      f.subscribedSkus.push({ skuId: SKU.MIDSIZEPACK, skuPartNumber: 'MIDSIZEPACK', capabilityStatus: 'Enabled', appliesTo: 'User', prepaidUnits: { enabled: 5, suspended: 0, warning: 0, lockedOut: 0 } });
      f.users[0].assignedLicenses.push({ skuId: SKU.MIDSIZEPACK, disabledPlans: [] });
    });
    assert.match(error.message, /users\[0\]\.assignedLicenses: service plans EXCHANGE_S_STANDARD_MIDMARKET .* and EXCHANGE_S_ENTERPRISE .* are mutually exclusive/);
  });

  it('loads from a file and names the file when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fixture-'));
    try {
      const path = join(dir, 'tenant.json');
      writeFileSync(path, JSON.stringify(contosoFixture()));
      assert.equal(loadFixture(path).users.length, 14);
      assert.throws(() => loadFixture(join(dir, 'missing.json')), /missing\.json:\n {2}- cannot read the file/);
      const bad = contosoFixture();
      bad.groups[0].members = ['55555555-5555-5555-5555-555555555555'];
      writeFileSync(path, JSON.stringify(bad));
      assert.throws(() => createDemoTenant(path), /tenant\.json[\s\S]*groups\[0\]\.members\[0\] "55555555-5555-5555-5555-555555555555" is not a user id/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
