/** Resolver throughput: users resolved per second for synthetic users with realistic license mixes. */
import { Catalog } from '../src/licensing/catalog';
import { resolve } from '../src/licensing/resolver';
import type { LicenseAssignmentState, SubscribedSku, UserLicenseState } from '../src/licensing/types';

const MIXES: Array<{ weight: number; skus: string[]; disabled?: Record<string, string[]>; group?: boolean }> = [
  { weight: 40, skus: ['SPE_E3'] },
  { weight: 10, skus: ['SPE_E5'] },
  { weight: 8, skus: ['SPE_E3', 'O365_BUSINESS_ESSENTIALS'] },
  { weight: 8, skus: ['DESKLESSPACK'] },
  { weight: 5, skus: ['DESKLESSPACK', 'EXCHANGESTANDARD'] },
  { weight: 5, skus: ['SPB'] },
  { weight: 4, skus: ['M365_F1'] },
  { weight: 4, skus: ['SPE_E3'], group: true },
  { weight: 4, skus: ['TEAMS_EXPLORATORY', 'SPE_E3'] },
  { weight: 3, skus: ['SPE_E5', 'O365_BUSINESS_PREMIUM'], disabled: { SPE_E5: ['EXCHANGE_S_ENTERPRISE'] } },
  { weight: 3, skus: ['EXCHANGE_S_ESSENTIALS', 'EXCHANGEDESKLESS'] },
  { weight: 3, skus: [] },
  { weight: 3, skus: ['SPE_E3', 'SPE_E5', 'EXCHANGEARCHIVE_ADDON'] },
];

export function syntheticTenant(catalog: Catalog): SubscribedSku[] {
  const parts = [...new Set(MIXES.flatMap((m) => m.skus))];
  return parts.map((part) => {
    const sku = catalog.skusByPartNumber(part)[0];
    return {
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      capabilityStatus: 'Enabled',
      prepaidUnits: { enabled: 100_000 },
      servicePlans: sku.servicePlanIds.map((id) => ({ servicePlanId: id, servicePlanName: catalog.plan(id)!.servicePlanName, provisioningStatus: 'Success' })),
    };
  });
}

export function syntheticUsers(count: number, catalog: Catalog): UserLicenseState[] {
  const total = MIXES.reduce((s, m) => s + m.weight, 0);
  const users: UserLicenseState[] = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < count; i++) {
    let pick = random() * total;
    const mix = MIXES.find((m) => (pick -= m.weight) < 0) ?? MIXES[0];
    const states: LicenseAssignmentState[] = mix.skus.map((part) => {
      const sku = catalog.skusByPartNumber(part)[0];
      const disabled = (mix.disabled?.[part] ?? []).map((name) => catalog.planByName(name)!.servicePlanId);
      return { skuId: sku.skuId, assignedByGroup: mix.group ? 'group-1' : null, disabledPlans: disabled, state: 'Active', error: 'None' };
    });
    users.push({
      id: `user-${i}`,
      assignedLicenses: states.map((s) => ({ skuId: s.skuId, disabledPlans: s.disabledPlans })),
      licenseAssignmentStates: states,
    });
  }
  return users;
}

export interface ResolverBenchResult {
  users: number;
  seconds: number;
  usersPerSecond: number;
  redundantFound: number;
}

export function benchResolver(count = 100_000): ResolverBenchResult {
  const catalog = Catalog.bundled();
  const skus = syntheticTenant(catalog);
  const users = syntheticUsers(count, catalog);
  for (const user of users.slice(0, 2_000)) resolve(user, skus, catalog); // warm-up
  const started = process.hrtime.bigint();
  let redundantFound = 0;
  for (const user of users) redundantFound += resolve(user, skus, catalog).redundantSkus.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { users: count, seconds, usersPerSecond: Math.round(count / seconds), redundantFound };
}
