import assert from 'node:assert/strict';
import { resolve } from '../../src/licensing/resolver';
import { dueReminders, reminders, revertApplied, revertChange, revertDue, type TemporaryGrant } from '../../src/requests/temporary';
import { catalog, skuId, tenantSkus, userWith } from '../helpers/licensing';

const DAY = 86_400_000;
const ref = (sku: string) => ({ skuId: skuId(sku), skuPartNumber: sku, displayName: sku });

describe('temporary licenses: reminders and reverts', () => {
  it('reminds 7 days and 1 day before the end of a month-long grant; shorter grants scale down; none under 10 s', () => {
    const start = new Date('2026-11-01T00:00:00Z');
    const month = reminders(start, new Date(start.getTime() + 30 * DAY));
    assert.deepEqual(month.map((r) => (start.getTime() + 30 * DAY - r.at.getTime()) / DAY), [7, 1]);
    const tenMinutes = reminders(start, new Date(start.getTime() + 10 * 60_000));
    assert.deepEqual(tenMinutes.map((r) => start.getTime() + 10 * 60_000 - r.at.getTime()), [140_000, 20_000]);
    assert.deepEqual(reminders(start, new Date(start.getTime() + 60_000)).length, 1, 'a minute: only the first (the second would be 2 s)');
    const year = reminders(start, new Date(start.getTime() + 365 * DAY));
    assert.deepEqual(year.map((r) => (start.getTime() + 365 * DAY - r.at.getTime()) / DAY), [7, 1]);
  });

  it('a reminder is due once per end; none before applied or after the end; the revert is due at the end', () => {
    const grant: TemporaryGrant = { duration: { kind: 'for', amount: 30, unit: 'day' }, appliedAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z', state: 'active', remindersSent: [], extensions: [] };
    assert.deepEqual(dueReminders(grant, new Date('2026-11-20T00:00:00Z')), []);
    const due = dueReminders(grant, new Date('2026-11-24T01:00:00Z'));
    assert.equal(due.length, 1);
    assert.deepEqual(dueReminders({ ...grant, remindersSent: [due[0].label] }, new Date('2026-11-24T01:00:00Z')), []);
    assert.deepEqual(dueReminders({ ...grant, state: 'scheduled' }, new Date('2026-11-30T01:00:00Z')), []);
    assert.equal(revertDue(grant, new Date('2026-11-30T23:59:59Z')), false);
    assert.equal(revertDue(grant, new Date('2026-12-01T00:00:00Z')), true);
    assert.equal(revertDue({ ...grant, state: 'held' }, new Date('2026-12-02T00:00:00Z')), false);
  });

  it('the revert gives back what was replaced and takes away what was added, in one change; nothing when already undone', () => {
    const skus = tenantSkus('SPE_E3', 'O365_BUSINESS_ESSENTIALS');
    const change = { add: ref('SPE_E3'), remove: ref('O365_BUSINESS_ESSENTIALS') };
    const upgraded = resolve(userWith('SPE_E3'), skus, catalog);
    assert.deepEqual(revertChange(upgraded, change), { addLicenses: [{ skuId: skuId('O365_BUSINESS_ESSENTIALS'), disabledPlans: [] }], removeLicenses: [skuId('SPE_E3')] });
    const undone = resolve(userWith('O365_BUSINESS_ESSENTIALS'), skus, catalog);
    assert.equal(revertChange(undone, change), undefined);
    assert.equal(revertApplied(undone, change), true);
    // Added only (nothing replaced), and now also inherited from a group: only the direct assignment goes.
    const viaGroup = resolve(userWith('SPE_E3', { sku: 'SPE_E3', group: 'g-1' }), skus, catalog);
    assert.deepEqual(revertChange(viaGroup, { add: ref('SPE_E3') }), { addLicenses: [], removeLicenses: [skuId('SPE_E3')] });
  });
});
