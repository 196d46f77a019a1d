/**
 * The bundled Contoso fixture as the bot reads it from Graph (subscribedSkus with consumedUnits, users with
 * assignedLicenses / licenseAssignmentStates / assignedPlans), through the demo tenant's own model — optionally
 * with extra products bought and assigned, so feature answers are tested on Graph's real shapes.
 */
import { validateFixture } from '../../src/demo/fixture';
import { TenantModel } from '../../src/demo/tenant';
import { catalog as bundledCatalog, skuId } from './licensing';
import contoso from '../../src/demo/fixtures/contoso.json';
import type { SubscribedSku, UserLicenseState } from '../../src/licensing/types';

export interface ContosoEdit {
  /** Extra products the tenant subscribes to: part number → enabled seats. */
  buy?: Record<string, number>;
  /** Extra direct licences: user principal name → part numbers. */
  assign?: Record<string, string[]>;
  /** Any other change to the raw fixture. */
  edit?: (raw: any) => void;
}

export interface ContosoTenant {
  skus: SubscribedSku[];
  user(upn: string): UserLicenseState;
  model: TenantModel;
}

export function contosoTenant(change: ContosoEdit = {}): ContosoTenant {
  const raw: any = structuredClone(contoso);
  for (const [part, enabled] of Object.entries(change.buy ?? {})) {
    raw.subscribedSkus.push({ skuId: skuId(part), skuPartNumber: part, capabilityStatus: 'Enabled', appliesTo: 'User', prepaidUnits: { enabled, suspended: 0, warning: 0, lockedOut: 0 } });
  }
  for (const [upn, parts] of Object.entries(change.assign ?? {})) {
    const user = raw.users.find((u: any) => u.userPrincipalName.toLowerCase() === upn.toLowerCase());
    if (!user) throw new Error(`no ${upn} in the fixture`);
    user.assignedLicenses = [...(user.assignedLicenses ?? []), ...parts.map((p) => ({ skuId: skuId(p), disabledPlans: [] }))];
  }
  change.edit?.(raw);
  const model = new TenantModel(validateFixture(raw, 'contoso (test)', bundledCatalog));
  const skus: SubscribedSku[] = model.skus.map((s) => ({ ...structuredClone(s), consumedUnits: model.consumedUnits(s.skuId) }));
  return {
    skus,
    model,
    user(upn: string): UserLicenseState {
      const u = model.findUser(upn);
      if (!u) throw new Error(`no ${upn} in the fixture`);
      const { activePlans: _activePlans, ...view } = model.licenseView(u.id);
      return { id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, usageLocation: u.usageLocation, ...view };
    },
  };
}
