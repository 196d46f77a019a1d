import assert from 'node:assert/strict';
import { preflight, type PreflightInput } from '../../src/requests/preflight';
import { catalog, skuId, tenantSkus, userWith } from '../helpers/licensing';

const GB = 1_000_000_000;

function input(overrides: Partial<PreflightInput> & { skus?: Array<string | Parameters<typeof userWith>[0]> } = {}): PreflightInput {
  const skus = tenantSkus('SPE_E3', 'O365_BUSINESS_ESSENTIALS', 'EXCHANGEDESKLESS', 'EXCHANGESTANDARD', 'M365_F1', 'SPB');
  skus[0].consumedUnits = 5;
  const user = { ...userWith(...(overrides.skus ?? ['O365_BUSINESS_ESSENTIALS'])), id: 'u1' };
  return { target: user, tenantSkus: skus, catalog, productText: 'SPE_E3', confirmedNoMailbox: false, openRequests: [], ...overrides };
}

describe('preflight: checks before a request is stored', () => {
  it('a valid upgrade yields a plan with the diff and seats', () => {
    const r = preflight(input({ replacingText: 'Business Basic' }));
    assert.ok(r.ok);
    assert.equal(r.plan.add.skuPartNumber, 'SPE_E3');
    assert.equal(r.plan.remove?.skuPartNumber, 'O365_BUSINESS_ESSENTIALS');
    assert.deepEqual(r.plan.seats, { total: 10, consumed: 5, free: 5 });
    assert.ok(r.plan.diff.gains.includes('Mailbox 50 GB → 100 GB'));
    assert.deepEqual(r.plan.notices, []);
  });

  it('unknown and ambiguous products list candidates', () => {
    const unknown = preflight(input({ productText: 'SPE_E9' }));
    assert.ok(!unknown.ok && unknown.refusal.kind === 'unknown-product' && unknown.refusal.suggestions.length > 0);
    const ambiguous = preflight(input({ productText: 'Exchange Online' }));
    assert.ok(!ambiguous.ok && ambiguous.refusal.kind === 'ambiguous-product');
    assert.ok(ambiguous.refusal.kind === 'ambiguous-product' && ambiguous.refusal.candidates.length >= 2);
  });

  it('already effectively has it (stacking): E3 user asking for Business Basic', () => {
    const r = preflight(input({ skus: ['SPE_E3'], productText: 'O365_BUSINESS_ESSENTIALS' }));
    assert.ok(!r.ok && r.refusal.kind === 'already-has');
    const same = preflight(input({ skus: ['SPE_E3'], productText: 'SPE_E3' }));
    assert.ok(!same.ok && same.refusal.kind === 'already-has');
  });

  it('no free seat: stored with a notice that approval waits', () => {
    const i = input();
    i.tenantSkus.find((s) => s.skuPartNumber === 'SPE_E3')!.consumedUnits = 10;
    const r = preflight(i);
    assert.ok(r.ok);
    assert.match(r.plan.notices[0], /No free Microsoft 365 E3 seat \(10 of 10 in use\)\. Approval waits until a seat is free/);
  });

  it('no usage location', () => {
    const i = input();
    i.target.usageLocation = null;
    const r = preflight(i);
    assert.ok(!r.ok && r.refusal.kind === 'no-usage-location');
  });

  it('the license to replace is inherited from a group', () => {
    const r = preflight(input({ skus: [{ sku: 'O365_BUSINESS_ESSENTIALS', group: 'g-basic' }], replacingText: 'O365_BUSINESS_ESSENTIALS' }));
    assert.ok(!r.ok && r.refusal.kind === 'replace-inherited');
    assert.deepEqual(r.refusal.kind === 'replace-inherited' && r.refusal.groupIds, ['g-basic']);
  });

  it('replacing a license the user does not hold', () => {
    const r = preflight(input({ replacingText: 'EXCHANGESTANDARD' }));
    assert.ok(!r.ok && r.refusal.kind === 'replace-not-held');
  });

  it('mailbox guard: a downgrade below current usage is blocked with the numbers', () => {
    const r = preflight(input({ skus: ['SPE_E3'], productText: 'EXCHANGESTANDARD', replacingText: 'SPE_E3', mailbox: { storageUsedBytes: 72 * GB, hasArchive: false } }));
    assert.ok(!r.ok && r.refusal.kind === 'mailbox-guard');
    assert.match(r.refusal.kind === 'mailbox-guard' ? r.refusal.problems[0] : '', /holds 72\.0 GB but the new plan allows 50 GB/);
  });

  it('mailbox guard: archive or Litigation Hold in use blocks losing them', () => {
    const archive = preflight(input({ skus: ['SPE_E3'], productText: 'EXCHANGEDESKLESS', replacingText: 'SPE_E3', mailbox: { storageUsedBytes: 1 * GB, hasArchive: true } }));
    assert.ok(!archive.ok && archive.refusal.kind === 'mailbox-guard' && archive.refusal.problems.some((p) => /archive/.test(p)));
    const hold = preflight(input({ skus: ['SPE_E3'], productText: 'EXCHANGESTANDARD', replacingText: 'SPE_E3', mailbox: { storageUsedBytes: 1 * GB, litigationHoldEnabled: true } }));
    assert.ok(!hold.ok && hold.refusal.kind === 'mailbox-guard' && /Litigation Hold/.test(hold.refusal.problems[0]));
  });

  it('a downgrade that fits passes the guard', () => {
    const r = preflight(input({ skus: ['SPE_E3'], productText: 'EXCHANGESTANDARD', replacingText: 'SPE_E3', mailbox: { storageUsedBytes: 10 * GB, hasArchive: false, litigationHoldEnabled: false } }));
    assert.ok(r.ok);
  });

  it('no Exchange left: blocked unless explicitly confirmed', () => {
    const base = { skus: ['EXCHANGESTANDARD'], productText: 'M365_F1', replacingText: 'EXCHANGESTANDARD', mailbox: { storageUsedBytes: 3 * GB } };
    const r = preflight(input(base));
    assert.ok(!r.ok && r.refusal.kind === 'no-mailbox-left');
    assert.ok(!r.ok && r.refusal.kind === 'no-mailbox-left' && r.refusal.losses.some((l) => /3\.0 GB of mail/.test(l)));
    const confirmed = preflight(input({ ...base, confirmedNoMailbox: true }));
    assert.ok(confirmed.ok);
    assert.ok(confirmed.plan.notices.some((n) => /no mailbox/.test(n)));
  });

  it('a duplicate open request is refused', () => {
    const r = preflight(input({ openRequests: [{ id: 'REQ-ABC', addSkuId: skuId('SPE_E3') }, { id: 'REQ-OTHER', addSkuId: skuId('SPB') }] }));
    assert.ok(!r.ok && r.refusal.kind === 'duplicate');
    assert.deepEqual(!r.ok && r.refusal.kind === 'duplicate' && r.refusal.requestIds, ['REQ-ABC']);
  });
});

describe('preflight: redundant on arrival', () => {
  it('the product already comes from a group: assigning it directly too is stopped', () => {
    const r = preflight(input({ skus: [{ sku: 'SPE_E3', group: 'g-1' }, 'O365_BUSINESS_ESSENTIALS'], replacingText: 'Business Basic' }));
    assert.ok(!r.ok && r.refusal.kind === 'redundant-on-arrival' && r.refusal.viaGroup);
  });

  it('a superior plan stays: the new product would add nothing even though another is removed', () => {
    const r = preflight(input({ skus: ['SPE_E3', 'EXCHANGESTANDARD'], productText: 'O365_BUSINESS_ESSENTIALS', replacingText: 'EXCHANGESTANDARD' }));
    assert.ok(!r.ok && r.refusal.kind === 'redundant-on-arrival' && !r.refusal.viaGroup);
    assert.ok(!r.ok && r.refusal.kind === 'redundant-on-arrival' && r.refusal.coveredBy.includes('SPE_E3'));
  });

  it('a real upgrade is not redundant', () => {
    assert.ok(preflight(input({ replacingText: 'Business Basic' })).ok);
  });
});
