/**
 * A deterministic tenant fixture of N users (shared/tenant-fixture.md) for the report benchmark: realistic license
 * mixes, stacked licenses (redundant ones included), group-based licensing with a group that outgrows its seats
 * (CountViolation, and "Other" on the group's second license), disabled accounts, users without usage location,
 * display names that need CSV quoting, and sign-ins spread over a year (some never).
 *
 *   npx tsx bench/generate-fixture.ts 100000 /tmp/tenant-100k.json
 *
 * Same N (and seed) → byte-identical file. Sign-in dates are relative to BENCH_NOW (2026-11-23T12:00:00Z).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Catalog } from '../src/licensing/catalog';

export const BENCH_NOW = new Date('2026-11-23T12:00:00Z');

interface Mix {
  weight: number;
  skus: string[];
}

/** Direct assignments. Stacked mixes marked "redundant" have a license the others fully cover. */
const MIXES: Mix[] = [
  { weight: 34, skus: ['SPE_E3'] },
  { weight: 8, skus: ['SPE_E5'] },
  { weight: 6, skus: ['SPE_E3', 'O365_BUSINESS_ESSENTIALS'] }, // redundant: Business Basic under E3
  { weight: 8, skus: ['DESKLESSPACK'] },
  { weight: 4, skus: ['DESKLESSPACK', 'EXCHANGESTANDARD'] }, // stacked, not redundant (F3 has Office; Plan 1 is more mailbox)
  { weight: 3, skus: ['DESKLESSPACK', 'EXCHANGEDESKLESS'] }, // redundant: Kiosk under F3
  { weight: 5, skus: ['SPB'] },
  { weight: 4, skus: ['O365_BUSINESS_PREMIUM'] },
  { weight: 4, skus: ['M365_F1'] },
  { weight: 3, skus: ['TEAMS_EXPLORATORY', 'SPE_E3'] }, // redundant: Teams Exploratory ($0) under E3
  { weight: 2, skus: ['SPE_E5', 'SPE_E3'] }, // redundant: E3 under E5
  { weight: 2, skus: ['EXCHANGE_S_ESSENTIALS', 'EXCHANGEDESKLESS'] },
  { weight: 2, skus: ['SPB', 'EXCHANGEARCHIVE_ADDON'] }, // redundant: archive add-on already in Business Premium
  { weight: 2, skus: ['SPE_E5', 'SPB'] }, // overlapping suites: Business Premium beside E5 (issue 17)
  { weight: 13, skus: [] }, // unlicensed (service accounts, leavers, guests-to-be)
];

const DEPARTMENTS = Array.from({ length: 40 }, (_, i) => ['Sales', 'Engineering', 'Finance', 'HR', 'Marketing', 'Operations', 'Support', 'Legal'][i % 8] + (i < 8 ? '' : ` ${Math.floor(i / 8) + 1}`));
const COUNTRY_NAMES = ['United States', 'Germany', 'France', 'Spain', 'United Kingdom', 'Canada', 'Japan', 'India', 'Brazil', 'Australia', 'Italy', 'Netherlands'];
const COMPANIES = ['Contoso Ltd', 'Contoso GmbH', 'Fabrikam Inc'];
const FIRST = ['Adele', 'Alex', 'Megan', 'Lee', 'Isaiah', 'Diego', 'Nestor', 'Patti', 'Lynne', 'Grady', 'Johanna', 'Miriam', 'Pradeep', 'Henrietta', 'Irvin', 'Joni', 'Lidia', 'Allan', 'Christie', 'Debra', 'Emily', 'Enrico', 'Gerhart', 'Raul'];
const LAST = ['Vance', 'Wilber', 'Bowen', 'Gu', 'Langer', 'Siciliani', 'Wilke', 'Fernandez', 'Robbins', 'Archie', 'Lorenz', 'Graham', 'Gupta', 'Mueller', 'Sayers', 'Sherman', 'Holloway', 'Deyoung', 'Cline', 'Berry', 'Braun', 'Catteneo', 'Moyer', 'Mendoza'];
const COUNTRIES = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'NL', 'JP', 'CA', 'AU'];
const DAY = 86_400_000;

/** A stable GUID (name-based, version 5 layout) for a label. */
function guid(label: string): string {
  const h = createHash('sha1').update(`license-desk-bench:${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Park–Miller LCG: deterministic, fast, good enough for a fixture. */
function random(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

export interface GeneratedFixtureInfo {
  users: number;
  groups: Array<{ id: string; displayName: string; members: number }>;
}

export function generateTenantFixture(count: number, seed = 42, catalog = Catalog.bundled()): { fixture: Record<string, unknown>; info: GeneratedFixtureInfo } {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, not ${count}`);
  const rnd = random(seed);
  const skuId = (part: string): string => {
    const sku = catalog.skusByPartNumber(part)[0];
    if (!sku) throw new Error(`${part} is not in the bundled catalog`);
    return sku.skuId;
  };
  const parts = [...new Set(MIXES.flatMap((m) => m.skus))];
  const direct = new Map<string, number>(parts.map((p) => [p, 0]));
  const total = MIXES.reduce((s, m) => s + m.weight, 0);
  const now = BENCH_NOW.getTime();

  const users: Array<Record<string, unknown>> = [];
  const e3GroupMembers: string[] = [];
  const e5GroupMembers: string[] = [];
  for (let i = 0; i < count; i++) {
    let pick = rnd() * total;
    const mix = MIXES.find((m) => (pick -= m.weight) < 0) ?? MIXES[0];
    for (const p of mix.skus) direct.set(p, direct.get(p)! + 1);
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const id = guid(`user:${i}`);
    // Every 500th name is "Last, First" (a comma: the CSV must quote it); every 5,000th starts with "=".
    const displayName = i % 5000 === 4999 ? `=${first} ${last}` : i % 500 === 499 ? `${last}, ${first}` : `${first} ${last}`;
    const user: Record<string, unknown> = {
      id,
      displayName,
      userPrincipalName: `${first}.${last}.${i}@bench.contoso.example`.toLowerCase(),
      mail: `${first}.${last}.${i}@bench.contoso.example`.toLowerCase(),
      accountEnabled: rnd() >= 0.02,
      usageLocation: rnd() < 0.01 ? null : COUNTRIES[i % COUNTRIES.length],
      assignedLicenses: mix.skus.map((p) => ({ skuId: skuId(p), disabledPlans: [] })),
      // Billing attributes (issue 17), from the index (the random stream stays as it was): 40 departments (1 in 20
      // users without), 12 countries, 3 companies, 200 cost centres for 4 in 5 users.
      department: i % 20 === 7 ? null : DEPARTMENTS[i % DEPARTMENTS.length],
      country: COUNTRY_NAMES[(i >> 3) % COUNTRY_NAMES.length],
      companyName: COMPANIES[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0],
      ...(i % 5 === 0 ? {} : { employeeOrgData: { costCenter: `CC-${1000 + ((i * 7) % 200)}`, division: null } }),
      createdDateTime: iso(now - (30 + (i % 2000)) * DAY),
    };
    const r = rnd();
    if (r < 0.75) user.signInActivity = { lastSignInDateTime: iso(now - rnd() * 30 * DAY), lastNonInteractiveSignInDateTime: iso(now - rnd() * 2 * DAY) };
    else if (r < 0.87) user.signInActivity = { lastSignInDateTime: iso(now - (30 + rnd() * 60) * DAY) };
    else if (r < 0.95) user.signInActivity = { lastSignInDateTime: iso(now - (90 + rnd() * 300) * DAY), lastNonInteractiveSignInDateTime: null };
    // else: never signed in (Graph answers signInActivity: null)
    users.push(user);
    // Group-based licensing: 5 % of the unlicensed and Business Basic users get E3 through a group; 3 % of all
    // users are in the E5 pilot group (E5 + the archive add-on), which has fewer seats than members.
    if ((mix.skus.length === 0 || mix.skus[0] === 'O365_BUSINESS_ESSENTIALS') && rnd() < 0.4) e3GroupMembers.push(id);
    if (rnd() < 0.03) e5GroupMembers.push(id);
  }

  const groups = [
    { id: guid('group:approvers'), displayName: 'License Approvers', securityEnabled: true, assignedLicenses: [], members: users.slice(0, 3).map((u) => u.id as string) },
    { id: guid('group:e3'), displayName: 'All staff E3 (group-based)', securityEnabled: true, assignedLicenses: [{ skuId: skuId('SPE_E3'), disabledPlans: [] }], members: e3GroupMembers },
    {
      id: guid('group:e5'),
      displayName: 'Sales E5 pilot',
      securityEnabled: true,
      assignedLicenses: [
        { skuId: skuId('SPE_E5'), disabledPlans: [] },
        { skuId: skuId('EXCHANGEARCHIVE_ADDON'), disabledPlans: [] },
      ],
      members: e5GroupMembers,
    },
  ];

  // Seats: 10 % headroom, except E5 (the pilot group overflows: ~25 % of its members get CountViolation),
  // M365_F1 (one seat left: near exhaustion) and Business Standard (some units in the grace period).
  const enabled = (part: string): number => {
    const used = direct.get(part) ?? 0;
    if (part === 'SPE_E5') return used + Math.floor(e5GroupMembers.length * 0.75);
    if (part === 'M365_F1') return used + 1;
    if (part === 'SPE_E3') return Math.ceil((used + e3GroupMembers.length) * 1.1) + 5;
    if (part === 'EXCHANGEARCHIVE_ADDON') return Math.ceil((used + e5GroupMembers.length) * 1.1) + 5;
    return Math.ceil(used * 1.1) + 5;
  };
  const subscribedSkus = parts.map((part) => ({
    skuId: skuId(part),
    skuPartNumber: part,
    capabilityStatus: 'Enabled',
    appliesTo: 'User',
    prepaidUnits: { enabled: enabled(part), suspended: 0, warning: part === 'O365_BUSINESS_PREMIUM' ? 25 : 0, lockedOut: 0 },
  }));

  const fixture = {
    organization: { id: guid('organization'), displayName: `Contoso bench (${count.toLocaleString('en-US')} users)`, countryLetterCode: 'US', verifiedDomains: [{ name: 'bench.contoso.example', isDefault: true }] },
    subscribedSkus,
    users,
    groups,
  };
  return { fixture, info: { users: count, groups: groups.map((g) => ({ id: g.id, displayName: g.displayName, members: g.members.length })) } };
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 100_000);
  const file = process.argv[3] ?? `license-desk-bench-${count}.json`;
  const { fixture, info } = generateTenantFixture(count);
  writeFileSync(file, JSON.stringify(fixture));
  console.log(`${info.users.toLocaleString('en-US')} users, groups: ${info.groups.map((g) => `${g.displayName} (${g.members})`).join(', ')} → ${file}`);
}
