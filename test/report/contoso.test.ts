/**
 * The report's totals for the bundled Contoso fixture (src/demo/fixtures/contoso.json), checked against values
 * computed by hand from the fixture, through the real path: demo tenant → Graph gateway → TenantReportService.
 * Prices from src/licensing/data/prices.json (USD). "Today" is 2026-11-23T12:00Z, inactivity threshold 90 days.
 */
import assert from 'node:assert/strict';
import type { TenantReport } from '../../src/report/types';
import { NOW, OPERATIONS_E3_GROUP, contosoVariant, reportRig, userNamed, type ReportRig } from './helpers';

const seatsOf = (report: TenantReport) =>
  Object.fromEntries(report.skus.map((s) => [s.skuPartNumber, { enabled: s.enabled, consumed: s.consumed, consumedCounted: s.consumedCounted, free: s.free, nearExhaustion: s.nearExhaustion }]));

describe('report: Contoso totals (hand-computed)', () => {
  let rig: ReportRig;
  let report: TenantReport;
  let graphRequests: number;

  before(async () => {
    rig = await reportRig();
    ({ report, graphRequests } = await rig.service().run({ inactiveDays: 90 }));
  });
  after(() => rig.close());

  it('counts users: 14 in the fixture, 12 licensed (Lynne Robbins and Miriam Graham hold nothing)', () => {
    assert.equal(report.totals.users, 14);
    assert.equal(report.totals.licensedUsers, 12);
    assert.equal(report.generatedAt, NOW.toISOString());
  });

  it('seats per SKU, one per user per SKU however many sources, matching Graph consumedUnits', () => {
    // SPE_E3      25 prepaid; consumed = Adele (direct) + Megan (direct) + Patti (direct AND group "Operations E3
    //             licensing": one seat) + Pradeep (direct) + Nestor (group) = 5; free = 25 − 5 = 20
    // SPE_E5       2 prepaid; Isaiah (E5 with Exchange Plan 2 disabled) + Diego = 2; free 0 → near exhaustion
    //             (0 ≤ max(1, floor(2 × 5 %)) = 1)
    // O365_BUSINESS_ESSENTIALS 20; Alex + Megan = 2; free 18
    // O365_BUSINESS_PREMIUM    10; Isaiah + Henrietta = 2; free 8
    // DESKLESSPACK 15; Lee = 1; free 14          EXCHANGESTANDARD 5; Lee = 1; free 4 (4 > max(1, 0) → not near)
    // EXCHANGEDESKLESS 5; Johanna = 1; free 4    EXCHANGE_S_ESSENTIALS 5; Johanna = 1; free 4
    // TEAMS_EXPLORATORY 10; Nestor = 1; free 9   M365_F1 5; Grady = 1; free 4
    assert.deepEqual(seatsOf(report), {
      SPE_E3: { enabled: 25, consumed: 5, consumedCounted: 5, free: 20, nearExhaustion: false },
      SPE_E5: { enabled: 2, consumed: 2, consumedCounted: 2, free: 0, nearExhaustion: true },
      O365_BUSINESS_ESSENTIALS: { enabled: 20, consumed: 2, consumedCounted: 2, free: 18, nearExhaustion: false },
      O365_BUSINESS_PREMIUM: { enabled: 10, consumed: 2, consumedCounted: 2, free: 8, nearExhaustion: false },
      DESKLESSPACK: { enabled: 15, consumed: 1, consumedCounted: 1, free: 14, nearExhaustion: false },
      EXCHANGESTANDARD: { enabled: 5, consumed: 1, consumedCounted: 1, free: 4, nearExhaustion: false },
      EXCHANGEDESKLESS: { enabled: 5, consumed: 1, consumedCounted: 1, free: 4, nearExhaustion: false },
      EXCHANGE_S_ESSENTIALS: { enabled: 5, consumed: 1, consumedCounted: 1, free: 4, nearExhaustion: false },
      TEAMS_EXPLORATORY: { enabled: 10, consumed: 1, consumedCounted: 1, free: 9, nearExhaustion: false },
      M365_F1: { enabled: 5, consumed: 1, consumedCounted: 1, free: 4, nearExhaustion: false },
    });
    // Sum of consumed = 5 + 2 + 2 + 2 + 1 + 1 + 1 + 1 + 1 + 1 = 17 seats for 12 licensed users.
    assert.equal(report.skus.reduce((sum, s) => sum + s.consumedCounted, 0), 17);
    assert.equal(report.totals.seatsNearExhaustion, 1);
    assert.equal(report.totals.consumedMismatches, 0);
    assert.equal(report.skus.every((s) => s.warning === 0 && s.suspended === 0 && s.lockedOut === 0), true);
  });

  it('redundant licenses and the monthly waste: Megan’s Business Basic $6 + Nestor’s Teams Exploratory $0 = $6', () => {
    // Megan: E3 + Business Basic → Business Basic fully covered by E3, $6.00 (prices.json).
    // Nestor: Teams Exploratory (direct) + E3 (group) → Exploratory covered by E3, $0.00.
    // Not redundant: Lee's F3 + Exchange Plan 1 (F3 brings Office for the web), Isaiah's E5-without-Exchange +
    // Business Standard (Standard brings the mailbox), Johanna's Essentials + Kiosk (Essentials is only superseded
    // for Exchange: it has plans Kiosk lacks), Patti's E3 twice (one license, two sources).
    assert.deepEqual(
      report.redundant.map((r) => [r.user, r.sku, r.coveredBy, r.source, r.monthlyCost]),
      [
        ['Megan Bowen', 'O365_BUSINESS_ESSENTIALS', ['SPE_E3'], 'direct', 6],
        ['Nestor Wilke', 'TEAMS_EXPLORATORY', ['SPE_E3'], 'direct', 0],
      ],
    );
    assert.equal(report.totals.redundantLicenses, 2);
    assert.equal(report.totals.monthlyWaste, 6);
    assert.equal(report.totals.currency, 'USD');
    assert.match(report.redundant[0].fix, /Remove O365_BUSINESS_ESSENTIALS from the user: SPE_E3 already gives everything in it/);
  });

  it('inactive: Henrietta last signed in 2026-05-01 → 206 days before 2026-11-23 (> 90) with Business Standard $12.50', () => {
    // 1 May 09:00 → 1 Nov 09:00 = 31+30+31+31+30+31 = 184 days, + 22 days to 23 Nov = 206 (and 3 hours).
    // Everyone else who is licensed signed in on 2026-11-20 (3 days ago). Lynne and Miriam have no sign-in but no
    // license either, so they are not "licensed accounts". Nobody is disabled.
    assert.deepEqual(report.inactive, [
      {
        userId: '7c84e369-5d29-5e73-9fc6-252f41ec112e',
        user: 'Henrietta Mueller',
        upn: 'HenriettaM@contoso.example',
        accountEnabled: true,
        lastSignIn: '2026-05-01T09:00:00Z',
        daysSinceSignIn: 206,
        reason: 'inactive',
        licensedSkus: ['O365_BUSINESS_PREMIUM'],
        monthlyCost: 12.5,
      },
    ]);
    assert.equal(report.totals.inactiveAccounts, 1);
    assert.equal(report.totals.notSignedInRecently, 1);
    assert.equal(report.totals.neverSignedIn, 0);
    assert.equal(report.totals.disabledLicensed, 0);
    assert.equal(report.totals.inactiveMonthlyCost, 12.5);
    assert.equal(report.signInDataAvailable, true);
  });

  it('no usage location: Miriam Graham (unlicensed); no group licensing errors (the E3 group has seats)', () => {
    assert.deepEqual(report.noUsageLocation.map((n) => [n.user, n.licensed]), [['Miriam Graham', false]]);
    assert.equal(report.totals.noUsageLocation, 1);
    assert.deepEqual(report.groupErrors, []);
    assert.equal(report.totals.groupErrors, 0);
  });

  it('made 4 Graph requests: subscribedSkus + directory/subscriptions + ceil(14 / 120) = 1 page (no group named in a finding) + reportSettings', () => {
    assert.equal(graphRequests, 4);
  });

  it('at 300 inactive days Henrietta (206 days) is no longer listed', async () => {
    const { report: lenient } = await rig.service().run({ inactiveDays: 300 });
    assert.deepEqual(lenient.inactive, []);
  });
});

describe('report: Contoso variants', () => {
  it('E3 with 4 seats: Nestor’s group E3 fails with CountViolation; his Teams Exploratory is then not redundant', async () => {
    // Direct E3: Adele, Megan, Patti, Pradeep = 4 = all seats. The group then needs a seat for Nestor (none left →
    // state Error, CountViolation, consumes nothing); Patti already holds E3 directly (no seat needed, Active).
    const rig = await reportRig(contosoVariant((f) => (f.subscribedSkus.find((s) => s.skuPartNumber === 'SPE_E3')!.prepaidUnits.enabled = 4)));
    try {
      const { report, graphRequests } = await rig.service().run();
      assert.deepEqual(
        report.groupErrors.map((e) => [e.user, e.sku, e.groupId, e.groupName, e.state, e.error]),
        [['Nestor Wilke', 'SPE_E3', OPERATIONS_E3_GROUP, 'Operations E3 licensing', 'Error', 'CountViolation']],
      );
      assert.equal(report.groupErrors[0].fix, 'No free Microsoft 365 E3 seat left for this member of "Operations E3 licensing": buy more seats, or remove members from the group.');
      const e3 = report.skus.find((s) => s.skuPartNumber === 'SPE_E3')!;
      assert.deepEqual([e3.consumed, e3.consumedCounted, e3.free, e3.nearExhaustion], [4, 4, 0, true]);
      // Only Megan's Business Basic is left redundant: $6.
      assert.deepEqual(report.redundant.map((r) => r.user), ['Megan Bowen']);
      assert.equal(report.totals.monthlyWaste, 6);
      // subscribedSkus + directory/subscriptions + 1 page + 1 $batch for the group's name + reportSettings.
      assert.equal(graphRequests, 5);
    } finally {
      await rig.close();
    }
  });

  it('open requests: 2 pending E3 + 1 approved E5 → E3 free after pending 18, E5 −1', async () => {
    const rig = await reportRig();
    const requests = {
      pending: [{ add: { skuId: '05E9A617-0261-4CEE-BB44-138D3EF5D965' } }, { add: { skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965' } }],
      approved: [{ add: { skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06' } }],
      executing: [],
    } as Record<string, unknown[]>;
    const store = { byStatus: async (status: string) => (requests[status] ?? []) as never[] };
    try {
      const { report } = await rig.service({ store }).run();
      const e3 = report.skus.find((s) => s.skuPartNumber === 'SPE_E3')!;
      const e5 = report.skus.find((s) => s.skuPartNumber === 'SPE_E5')!;
      assert.deepEqual([e3.pendingRequests, e3.freeAfterPending, e3.nearExhaustion], [2, 18, false]);
      assert.deepEqual([e5.pendingRequests, e5.freeAfterPending, e5.nearExhaustion], [1, -1, true]);
      assert.equal(report.pendingRequestsJoined, true);
    } finally {
      await rig.close();
    }
  });

  it('signInActivity refused (403): the scan is redone without it; only disabled accounts are judged', async () => {
    const rig = await reportRig(
      contosoVariant((f) => {
        userNamed(f, 'Grady Archie').accountEnabled = false;
      }),
    );
    try {
      // Graph answers 403 Authorization_RequestDenied to any request that selects signInActivity.
      rig.demo.tenant.setFaults({ failNext: 1000, failNextStatus: 403, failMatch: 'signInActivity' });
      const progress: number[] = [];
      const { report, graphRequests } = await rig.service().run({ onProgress: (n) => progress.push(n) });
      assert.equal(report.signInDataAvailable, false);
      // Henrietta (206 days) is not judged without sign-in data; Grady is disabled and holds M365_F1 ($2.25).
      assert.deepEqual(report.inactive.map((i) => [i.user, i.reason, i.lastSignIn, i.monthlyCost]), [['Grady Archie', 'disabled', null, 2.25]]);
      assert.match(report.notes[0], /Sign-in activity was not available.*AuditLog\.Read\.All/);
      // subscribedSkus + directory/subscriptions + the refused first page + the page without signInActivity + reportSettings.
      assert.equal(graphRequests, 5);
      assert.equal(progress.at(-1), 14);
      assert.equal(report.totals.users, 14);
    } finally {
      await rig.close();
    }
  });

  it('a licensed user who never signed in is listed as never-signed-in', async () => {
    const rig = await reportRig(
      contosoVariant((f) => {
        delete (userNamed(f, 'Grady Archie') as { signInActivity?: unknown }).signInActivity;
      }),
    );
    try {
      const { report } = await rig.service().run();
      assert.deepEqual(
        report.inactive.map((i) => [i.user, i.reason, i.daysSinceSignIn, i.monthlyCost]),
        [
          ['Grady Archie', 'never-signed-in', null, 2.25],
          ['Henrietta Mueller', 'inactive', 206, 12.5],
        ],
      );
      assert.equal(report.totals.inactiveMonthlyCost, 14.75);
    } finally {
      await rig.close();
    }
  });

  it('other Graph failures are not swallowed', async () => {
    const rig = await reportRig();
    try {
      rig.demo.tenant.setFaults({ failNext: 1000, failNextStatus: 401, failMatch: '/users' });
      await assert.rejects(rig.service().run(), (error: Error & { kind?: string }) => error.kind === 'unauthorized');
    } finally {
      await rig.close();
    }
  });
});
