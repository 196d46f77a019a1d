import assert from 'node:assert/strict';
import { budgetKey, budgetsFor, checkBudget, withinBudgetPolicy, type SeatBudget } from '../../src/requests/budget';

const product = { skuId: 'sku-e3', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' };
const setBy = { aadObjectId: 'a', name: 'A' };
const finance: SeatBudget = { key: budgetKey({ kind: 'department', name: 'Finance' }, 'SKU-E3'), scope: { kind: 'department', name: 'Finance' }, product, limit: 10, setBy, setAt: '' };
const group: SeatBudget = { key: budgetKey({ kind: 'group', id: 'G-1', name: 'Project X' }, 'sku-e3'), scope: { kind: 'group', id: 'g-1', name: 'Project X' }, product, limit: 2, setBy, setAt: '' };

describe('seat budgets', () => {
  it('one budget per scope and product; departments match case-insensitively, groups by membership', () => {
    assert.equal(finance.key, 'department|finance|sku-e3');
    assert.equal(group.key, 'group|g-1|sku-e3');
    assert.deepEqual(budgetsFor([finance, group], 'sku-e3', { department: ' finance ', groupIds: [] }), [finance]);
    assert.deepEqual(budgetsFor([finance, group], 'sku-e3', { department: 'Sales', groupIds: ['G-1'] }), [group]);
    assert.deepEqual(budgetsFor([finance, group], 'sku-e5', { department: 'Finance' }), []);
  });

  it('over when the seats in use plus the request pass the limit', () => {
    assert.deepEqual(checkBudget(finance, 8, 2), { scope: finance.scope, product, used: 8, limit: 10, adds: 2, over: false });
    assert.equal(checkBudget(finance, 8, 3).over, true);
    assert.equal(checkBudget(finance, 11, 0).over, true);
  });

  it('the auto-approve policy: enabled, the requester manages everyone, all covered, nothing over', () => {
    const ok = { enabled: true, requesterManagesAll: true, everyoneCovered: true, checks: [checkBudget(finance, 1, 1)] };
    assert.equal(withinBudgetPolicy(ok), true);
    assert.equal(withinBudgetPolicy({ ...ok, enabled: false }), false);
    assert.equal(withinBudgetPolicy({ ...ok, requesterManagesAll: false }), false);
    assert.equal(withinBudgetPolicy({ ...ok, everyoneCovered: false }), false);
    assert.equal(withinBudgetPolicy({ ...ok, checks: [] }), false);
    assert.equal(withinBudgetPolicy({ ...ok, checks: [checkBudget(finance, 10, 1)] }), false);
  });
});
