/** The incident rules as pure functions: plain snapshots in, incidents out. */
import assert from 'node:assert/strict';
import { skuIdsIn } from '../../src/alerts/audit-values';
import { detectIncidents } from '../../src/alerts/detect';
import { groupErrorIncidents } from '../../src/alerts/group-error-rules';
import { mailboxIncidents } from '../../src/alerts/mailbox-rules';
import { seatIncidents } from '../../src/alerts/seat-rules';
import type { LicenseAuditEntry, WatchedUser, WatchSnapshot } from '../../src/alerts/snapshot';
import { subscriptionIncidents } from '../../src/alerts/subscription-rules';
import { Catalog } from '../../src/licensing/catalog';
import type { SubscribedSku } from '../../src/licensing/types';

const catalog = Catalog.bundled();
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const E5 = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';
const MIDSIZE = '04a7fb0d-32e0-4241-b4f5-3f7618cd1162';
const TEAMS_EXPLORATORY = '710779e8-3d4a-4c88-adb9-386c958d1fdf';
const F1 = '44575883-256e-4a79-9da4-ebe9acabe2b2';
const GROUP = 'aaaaaaaa-0000-4000-8000-000000000001';

function sku(skuId: string, enabled: number, consumed: number, extra: Partial<SubscribedSku> = {}): SubscribedSku {
  const known = catalog.sku(skuId)!;
  return {
    skuId,
    skuPartNumber: known.skuPartNumber,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: consumed,
    prepaidUnits: { enabled, warning: 0, suspended: 0, lockedOut: 0 },
    servicePlans: known.servicePlanIds.map((id) => ({ servicePlanId: id, servicePlanName: catalog.plan(id)?.servicePlanName, provisioningStatus: 'Success', appliesTo: 'User' })),
    ...extra,
  };
}

function user(id: string, name: string, states: WatchedUser['licenseAssignmentStates'], extra: Partial<WatchedUser> = {}): WatchedUser {
  return { id, displayName: name, userPrincipalName: `${name.split(' ')[0].toLowerCase()}@contoso.example`, usageLocation: 'US', assignedLicenses: states.filter((s) => s.state === 'Active').map((s) => ({ skuId: s.skuId })), licenseAssignmentStates: states, ...extra };
}

describe('alerts: group-licensing error rules', () => {
  const skus = [sku(E3, 10, 10), sku(E5, 2, 2), sku(MIDSIZE, 5, 1), sku(TEAMS_EXPLORATORY, 10, 0)];

  it('one incident per (group, product, error), people listed; the "Other" on sibling licenses is folded in', () => {
    const read = {
      groups: [{ id: GROUP, displayName: 'Sales' }],
      members: [
        { groupId: GROUP, user: user('u1', 'Zoe Zed', [{ skuId: E5, assignedByGroup: GROUP, state: 'Error', error: 'CountViolation' }, { skuId: E3, assignedByGroup: GROUP, state: 'Error', error: 'Other' }]) },
        { groupId: GROUP, user: user('u2', 'Amy Ash', [{ skuId: E5, assignedByGroup: GROUP, state: 'Error', error: 'CountViolation' }]) },
        // An error from ANOTHER group is not this group's incident.
        { groupId: GROUP, user: user('u3', 'Bo Bee', [{ skuId: E5, assignedByGroup: 'other-group', state: 'Error', error: 'CountViolation' }]) },
      ],
    };
    const drafts = groupErrorIncidents(read, { skus, catalog });
    assert.deepEqual(drafts.map((d) => d.key), [`group-error|${GROUP}|${E5}|CountViolation`]);
    const d = drafts[0];
    assert.equal(d.severity, 'high');
    assert.equal(d.affectedCount, 2);
    assert.deepEqual(d.affected.map((p) => p.name), ['Amy Ash', 'Zoe Zed']);
    assert.deepEqual(d.affected[1].note, { code: 'also-blocked', products: ['Microsoft 365 E3'] });
    assert.equal(d.cause.code === 'group-license-error' && d.cause.seatsShort, 2);
    assert.deepEqual(d.fixes.map((f) => f.code), ['buy-seats', 'remove-from-group', 'reprocess']);
    assert.deepEqual(d.actions, ['reprocess']);
  });

  it('CountViolation with candidates from the report lists them first; seats freed meanwhile means nothing to buy', () => {
    const read = { groups: [{ id: GROUP, displayName: 'Sales' }], members: [{ groupId: GROUP, user: user('u1', 'Zoe', [{ skuId: E5, assignedByGroup: GROUP, state: 'Error', error: 'CountViolation' }]) }] };
    const candidates = new Map([[E5, [{ userId: 'x', name: 'Idle Ian', upn: 'ian@contoso.example', reason: 'never-signed-in' as const }]]]);
    const d = groupErrorIncidents(read, { skus: [sku(E5, 3, 2)], catalog, candidatesBySku: candidates })[0];
    assert.equal(d.cause.code === 'group-license-error' && d.cause.seatsShort, 0);
    assert.deepEqual(d.fixes.map((f) => f.code), ['free-seats', 'remove-from-group', 'reprocess']);
  });

  it('MutuallyExclusiveViolation names the plans that conflict; usage-location errors carry each person\'s location', () => {
    const read = {
      groups: [{ id: GROUP, displayName: 'Sales' }],
      members: [
        { groupId: GROUP, user: user('u1', 'Mo', [{ skuId: MIDSIZE, assignedByGroup: null, state: 'Active', error: 'None' }, { skuId: E3, assignedByGroup: GROUP, state: 'Error', error: 'MutuallyExclusiveViolation' }]) },
        { groupId: GROUP, user: user('u2', 'Lu', [{ skuId: TEAMS_EXPLORATORY, assignedByGroup: GROUP, state: 'Error', error: 'ProhibitedInUsageLocationViolation' }], { usageLocation: 'KP' }) },
      ],
    };
    const drafts = groupErrorIncidents(read, { skus, catalog });
    const mutual = drafts.find((d) => d.key.endsWith('MutuallyExclusiveViolation'))!;
    assert.ok(mutual.cause.code === 'group-license-error');
    assert.deepEqual(mutual.cause.conflicts, [{ plan: 'EXCHANGE_S_ENTERPRISE', withPlan: 'EXCHANGE_S_STANDARD_MIDMARKET', withProduct: catalog.sku(MIDSIZE)!.displayName }]);
    const location = drafts.find((d) => d.key.endsWith('ProhibitedInUsageLocationViolation'))!;
    assert.deepEqual(location.affected[0].note, { code: 'usage-location', value: 'KP' });
    assert.deepEqual(location.fixes.map((f) => f.code), ['set-usage-location', 'reprocess']);
  });

  it('ActiveWithError (the user keeps the license) is medium severity', () => {
    const read = { groups: [{ id: GROUP, displayName: 'Sales' }], members: [{ groupId: GROUP, user: user('u1', 'A', [{ skuId: E3, assignedByGroup: GROUP, state: 'ActiveWithError', error: 'DependencyViolation' }]) }] };
    assert.equal(groupErrorIncidents(read, { skus, catalog })[0].severity, 'medium');
  });
});

describe('alerts: seat rules', () => {
  const ctx = (requests: Record<string, number> = {}, waiting: Record<string, number> = {}) => ({ catalog, openRequestsBySku: new Map(Object.entries(requests)), waitingMembersBySku: new Map(Object.entries(waiting)) });

  it('near exhaustion at the report\'s threshold; exhausted only when someone waits; over-allocated; one key per product', () => {
    assert.deepEqual(seatIncidents([sku(E3, 100, 94)], ctx()).map((d) => d.cause.code), [], '6 of 100 free: fine');
    assert.deepEqual(seatIncidents([sku(E3, 100, 95)], ctx()).map((d) => [d.key, d.cause.code, d.severity]), [[`seats|${E3}`, 'seats-low', 'medium']]);
    assert.deepEqual(seatIncidents([sku(E3, 100, 93)], ctx({ [E3]: 3 })).map((d) => d.cause.code), ['seats-low'], 'open requests count');
    assert.deepEqual(seatIncidents([sku(E5, 2, 2)], ctx({}, { [E5]: 1 })).map((d) => [d.key, d.cause.code, d.severity]), [[`seats|${E5}`, 'seats-exhausted', 'high']]);
    const over = seatIncidents([sku(E5, 2, 3)], ctx())[0];
    assert.equal(over.cause.code, 'seats-over');
    assert.deepEqual(over.fixes.map((f) => f.code), ['over-allocation-grace', 'buy-seats']);
    assert.deepEqual(seatIncidents([sku(TEAMS_EXPLORATORY, 0, 0)], ctx()), [], 'unused free SKU');
  });

  it('units in warning, suspended or locked out are incidents of their own', () => {
    const drafts = seatIncidents([sku(E3, 10, 1, { prepaidUnits: { enabled: 10, warning: 5, suspended: 2, lockedOut: 1 } })], ctx());
    assert.deepEqual(drafts.map((d) => [d.cause.code, d.severity]), [['units-warning', 'medium'], ['units-suspended', 'high'], ['units-locked-out', 'medium']]);
  });
});

describe('alerts: subscription rules', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const sub = (days: number, status = 'Enabled', isTrial = false) => ({ id: 'sub-1', skuId: E3, skuPartNumber: 'SPE_E3', status, totalLicenses: 10, isTrial, createdDateTime: null, nextLifecycleDateTime: new Date(now.getTime() + days * 86_400_000).toISOString() });
  const run = (s: ReturnType<typeof sub>) => subscriptionIncidents([s], { now, skus: [sku(E3, 10, 7)], catalog });

  it('ending within 30 days (medium), within 7 (high) — the same key escalates; beyond 30 days nothing', () => {
    assert.deepEqual(run(sub(45)), []);
    const in20 = run(sub(20))[0];
    assert.equal(in20.key, 'subscription|sub-1');
    assert.ok(in20.cause.code === 'subscription-ending' && in20.cause.window === 30 && in20.cause.daysLeft === 20 && in20.cause.holders === 7);
    assert.equal(in20.severity, 'medium');
    const in5 = run(sub(5, 'Enabled', true))[0];
    assert.ok(in5.cause.code === 'subscription-ending' && in5.cause.window === 7 && in5.cause.isTrial);
    assert.equal(in5.severity, 'high');
    assert.equal(in5.key, in20.key);
  });

  it('Warning / Suspended / LockedOut, whatever the date', () => {
    assert.deepEqual(run(sub(200, 'Suspended')).map((d) => [d.cause.code, d.severity]), [['subscription-status', 'high']]);
    assert.deepEqual(run(sub(200, 'LockedOut')).map((d) => d.severity), ['medium']);
    assert.deepEqual(run(sub(10, 'Deleted')), []);
  });
});

describe('alerts: mailbox at risk (audit log)', () => {
  // F1 has Exchange Foundation only: no mailbox.
  const skus = [sku(E3, 10, 5), sku(F1, 10, 1)];
  const entry = (userId: string, before: string[], after: string[], initiator: LicenseAuditEntry['initiatedBy'] = { user: { userPrincipalName: 'admin@contoso.example' } }): LicenseAuditEntry => ({
    id: `e-${userId}`,
    activityDateTime: '2026-11-23T10:00:00Z',
    activityDisplayName: 'Change user license',
    result: 'success',
    initiatedBy: initiator,
    targetResources: [{ id: userId, type: 'User', displayName: 'Adele Vance', userPrincipalName: 'adele@contoso.example', modifiedProperties: [{ displayName: 'AssignedLicense', oldValue: JSON.stringify(before.map((id) => `[SkuName=X, AccountId=1, SkuId=${id}, Disabled=[]]`)), newValue: JSON.stringify(after.map((id) => `[SkuName=X, AccountId=1, SkuId=${id}, Disabled=[]]`)) }] }],
  });
  const self = { appIds: ['app-1'], names: ['License Desk'] };
  const now = (u: WatchedUser) => new Map([[u.id, u]]);

  it('reads Entra\'s AssignedLicense values (and JSON), never guesses', () => {
    assert.deepEqual(skuIdsIn(`["[SkuName=SPE_E3, AccountId=x, SkuId=${E3.toUpperCase()}, Disabled=[]]"]`), [E3]);
    assert.deepEqual(skuIdsIn(`[{"skuId":"${E5}"}]`), [E5]);
    assert.deepEqual(skuIdsIn('[]'), []);
    assert.equal(skuIdsIn('something else'), undefined);
    assert.equal(skuIdsIn(null), undefined);
  });

  it('a change that took the last Exchange plan away → high severity, with the license to restore and the deadline', () => {
    const adele = user('adele', 'Adele Vance', [{ skuId: F1, assignedByGroup: null, state: 'Active', error: 'None' }]);
    const [d] = mailboxIncidents({ entries: [entry('adele', [E3, F1], [F1])], users: now(adele), open: [] }, { skus, catalog, self });
    assert.equal(d.key, 'mailbox-disconnected|adele');
    assert.equal(d.severity, 'high');
    assert.ok(d.cause.code === 'mailbox-disconnected');
    assert.equal(d.cause.deletedAfter, '2026-12-23T10:00:00.000Z');
    assert.equal(d.cause.initiator, 'admin@contoso.example');
    assert.deepEqual(d.cause.removed.map((r) => r.skuPartNumber), ['SPE_E3']);
    assert.equal(d.cause.restore?.skuPartNumber, 'SPE_E3');
    assert.deepEqual(d.actions, ['request-license']);
  });

  it('nothing when a mailbox remains, when License Desk made the change, or when the entry failed; the fix resolves it', () => {
    const withMailbox = user('adele', 'Adele', [{ skuId: E3, assignedByGroup: null, state: 'Active', error: 'None' }]);
    const without = user('adele', 'Adele', []);
    assert.deepEqual(mailboxIncidents({ entries: [entry('adele', [E3, F1], [E3])], users: now(withMailbox), open: [] }, { skus, catalog, self }), []);
    assert.deepEqual(mailboxIncidents({ entries: [entry('adele', [E3], [], { app: { appId: 'APP-1', displayName: 'whatever' } })], users: now(without), open: [] }, { skus, catalog, self }), []);
    assert.deepEqual(mailboxIncidents({ entries: [{ ...entry('adele', [E3], []), result: 'failure' }], users: now(without), open: [] }, { skus, catalog, self }), []);
    // An open incident re-checked: still no mailbox → it holds; mailbox back → it does not.
    const [open] = mailboxIncidents({ entries: [entry('adele', [E3], [])], users: now(without), open: [] }, { skus, catalog, self });
    assert.ok(open.cause.code === 'mailbox-disconnected');
    assert.equal(mailboxIncidents({ entries: [], users: now(without), open: [open.cause] }, { skus, catalog, self }).length, 1);
    assert.equal(mailboxIncidents({ entries: [], users: now(withMailbox), open: [open.cause] }, { skus, catalog, self }).length, 0);
  });
});

describe('alerts: detection over a whole snapshot', () => {
  const base: WatchSnapshot = {
    now: new Date('2026-11-23T12:00:00Z'),
    skus: [sku(E5, 2, 2)],
    catalog,
    groupErrors: { groups: [{ id: GROUP, displayName: 'Sales' }], members: [{ groupId: GROUP, user: user('u1', 'Zoe', [{ skuId: E5, assignedByGroup: GROUP, state: 'Error', error: 'CountViolation' }]) }] },
    subscriptions: { refused: { status: 403, code: 'Authorization_RequestDenied' } },
    mailbox: { entries: [], users: new Map(), open: [] },
    openRequestsBySku: new Map(),
    self: { appIds: [], names: [] },
  };

  it('group members waiting make the seats exhausted; a refused read becomes a watch-off notice and keeps its incidents', () => {
    const detection = detectIncidents(base);
    assert.deepEqual(detection.drafts.map((d) => d.key).sort(), [`group-error|${GROUP}|${E5}|CountViolation`, `seats|${E5}`, 'watch-off|subscriptions'].sort());
    const seats = detection.drafts.find((d) => d.key === `seats|${E5}`)!;
    assert.ok(seats.cause.code === 'seats-exhausted' && seats.cause.waitingMembers === 1);
    const off = detection.drafts.find((d) => d.key === 'watch-off|subscriptions')!;
    assert.ok(off.cause.code === 'watch-off' && off.cause.permission === 'Organization.Read.All');
    assert.equal(detection.judged('subscription|x'), false, 'not judged while refused');
    assert.equal(detection.judged('mailbox-disconnected|not-read'), false, 'a user not read this cycle');
    assert.equal(detection.judged(`seats|${E5}`), true);
  });
});
