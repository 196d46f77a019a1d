import assert from 'node:assert/strict';
import { applyChange, diff } from '../../src/licensing/diff';
import { resolve } from '../../src/licensing/resolver';
import { catalog, skuId, tenantSkus, userWith } from '../helpers/licensing';

const TENANT = tenantSkus('SPE_E3', 'O365_BUSINESS_ESSENTIALS', 'EXCHANGESTANDARD', 'EXCHANGEDESKLESS', 'M365_F1', 'SPB');

function change(user: ReturnType<typeof userWith>, add: string[], remove: string[]) {
  const proposed = applyChange(user, { addLicenses: add.map((p) => ({ skuId: skuId(p), disabledPlans: [] })), removeLicenses: remove.map(skuId) });
  return diff(resolve(user, TENANT, catalog), resolve(proposed, TENANT, catalog));
}

describe('diff: what a user gains and loses', () => {
  it('Business Basic → E3 upgrade: Plan 1 → Plan 2, 50 → 100 GB, hold gained', () => {
    const d = change(userWith('O365_BUSINESS_ESSENTIALS'), ['SPE_E3'], ['O365_BUSINESS_ESSENTIALS']);
    assert.deepEqual(d.workloads.find((w) => w.workload === 'Exchange'), { workload: 'Exchange', from: 'Plan 1', to: 'Plan 2', change: 'upgrade' });
    assert.equal(d.exchange.quotaChangeGB, 50);
    assert.ok(d.gains.includes('Mailbox 50 GB → 100 GB'));
    assert.ok(d.gains.includes('Litigation Hold'));
    assert.deepEqual(d.addedSkus, ['SPE_E3']);
    assert.deepEqual(d.removedSkus, ['O365_BUSINESS_ESSENTIALS']);
    assert.equal(d.leavesNoMailbox, false);
  });

  it('E3 → Kiosk downgrade: quota, archive, hold, Outlook desktop, IMAP, EWS lost', () => {
    const d = change(userWith('SPE_E3'), ['EXCHANGEDESKLESS'], ['SPE_E3']);
    assert.equal(d.exchange.quotaChangeGB, -98);
    assert.equal(d.exchange.archiveLost, true);
    assert.equal(d.exchange.holdLost, true);
    for (const loss of ['Mailbox 100 GB → 2 GB', 'Archive (auto-expanding (1.5 TB))', 'Litigation Hold', 'Outlook desktop', 'IMAP', 'EWS']) {
      assert.ok(d.losses.includes(loss), `loses ${loss}: ${d.losses.join('; ')}`);
    }
    assert.equal(d.workloads.find((w) => w.workload === 'Teams')!.change, 'loss');
  });

  it('removing the only Exchange license → the user would have no mailbox', () => {
    const d = change(userWith('EXCHANGESTANDARD'), [], ['EXCHANGESTANDARD']);
    assert.equal(d.leavesNoMailbox, true);
    assert.ok(d.losses.some((l) => /disconnected.*30 days/.test(l)));
  });

  it('E3 → F1: F1 is not a mailbox', () => {
    const d = change(userWith('SPE_E3'), ['M365_F1'], ['SPE_E3']);
    assert.equal(d.leavesNoMailbox, true);
    assert.equal(d.exchange.to.mailbox, false);
  });

  it('adding a license that is already covered changes nothing the user can use', () => {
    const d = change(userWith('SPE_E3'), ['O365_BUSINESS_ESSENTIALS'], []);
    assert.equal(d.noEffectiveChange, true);
  });

  it('Business Premium → Business Basic loses the archive add-on and hold', () => {
    const d = change(userWith('SPB'), ['O365_BUSINESS_ESSENTIALS'], ['SPB']);
    assert.equal(d.exchange.holdLost, true);
    assert.equal(d.exchange.archiveLost, true);
    assert.equal(d.exchange.quotaChangeGB, 0);
  });
});

describe('applyChange', () => {
  it('removing a license keeps the group-inherited source of the same SKU', () => {
    const user = userWith('SPE_E3', { sku: 'SPE_E3', group: 'g-ops' });
    const after = applyChange(user, { addLicenses: [], removeLicenses: [skuId('SPE_E3')] });
    assert.deepEqual(after.licenseAssignmentStates!.map((s) => s.assignedByGroup), ['g-ops']);
    assert.deepEqual(after.assignedLicenses.map((l) => l.skuId), [skuId('SPE_E3')]);
  });

  it('adds become direct and the old assignedPlans are dropped', () => {
    const user = { ...userWith('EXCHANGESTANDARD'), assignedPlans: [] };
    const after = applyChange(user, { addLicenses: [{ skuId: skuId('SPE_E3'), disabledPlans: [] }], removeLicenses: [] });
    assert.equal(after.assignedPlans, undefined);
    assert.deepEqual(after.assignedLicenses.map((l) => l.skuId).sort(), [skuId('EXCHANGESTANDARD'), skuId('SPE_E3')].sort());
  });
});
