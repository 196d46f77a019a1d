/**
 * How the per-user billing rows are written to their spool: one short JSON array per row, the licenses (which
 * repeat across thousands of users: the builder shares one array per license combination) kept once, in memory,
 * and referred to by number. For 100,000 users that is a 19 MB file instead of 51 MB, and a third of the CPU.
 * Pure: rows in, lines out, and back.
 */
import type { BillingRow } from './billing-types';

/** Combinations kept in memory per spool; past this many a row carries its licenses inline. */
const MAX_COMBINATIONS = 50_000;

interface Combination {
  licenses: BillingRow['licenses'];
  unpricedSkus: BillingRow['unpricedSkus'];
}

type Encoded = [
  userId: string,
  user: string,
  upn: string,
  department: string | null,
  country: string | null,
  company: string | null,
  costCenter: string | null,
  combination: number | [BillingRow['licenses'], BillingRow['unpricedSkus']],
  monthlyCost: number,
  lastSignIn: string | null,
  daysSinceSignIn: number | null,
  accountEnabled: boolean,
  createdDateTime: string | null,
  wasteReason: BillingRow['wasteReason'],
  wasteMonthly: number,
];

/** A codec for one spool (its combination table lives as long as the spool): the store's RowCodec<BillingRow>. */
export function billingRowCodec(maxCombinations = MAX_COMBINATIONS): { encode(row: BillingRow): string; decode(line: string): BillingRow } {
  const combinations: Combination[] = [];
  const byLicenses = new Map<BillingRow['licenses'], number>();
  const combinationOf = (row: BillingRow): Encoded[7] => {
    let at = byLicenses.get(row.licenses);
    if (at === undefined || combinations[at].unpricedSkus !== row.unpricedSkus) {
      if (combinations.length >= maxCombinations) return [row.licenses, row.unpricedSkus];
      at = combinations.push({ licenses: row.licenses, unpricedSkus: row.unpricedSkus }) - 1;
      byLicenses.set(row.licenses, at);
    }
    return at;
  };
  return {
    encode(row) {
      const encoded: Encoded = [
        row.userId,
        row.user,
        row.upn,
        row.department,
        row.country,
        row.company,
        row.costCenter,
        combinationOf(row),
        row.monthlyCost,
        row.lastSignIn,
        row.daysSinceSignIn,
        row.accountEnabled,
        row.createdDateTime,
        row.wasteReason,
        row.wasteMonthly,
      ];
      return JSON.stringify(encoded);
    },
    decode(line) {
      const e = JSON.parse(line) as Encoded;
      const c = e[7];
      const { licenses, unpricedSkus } = typeof c === 'number' ? combinations[c] : { licenses: c[0], unpricedSkus: c[1] };
      return {
        userId: e[0],
        user: e[1],
        upn: e[2],
        department: e[3],
        country: e[4],
        company: e[5],
        costCenter: e[6],
        licenses,
        monthlyCost: e[8],
        unpricedSkus,
        lastSignIn: e[9],
        daysSinceSignIn: e[10],
        accountEnabled: e[11],
        createdDateTime: e[12],
        wasteReason: e[13],
        wasteMonthly: e[14],
      };
    },
  };
}
