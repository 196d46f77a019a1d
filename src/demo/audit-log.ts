/**
 * The demo tenant's directory audit log (`GET /auditLogs/directoryAudits`), in Graph's directoryAudit shape. Every
 * write through the Graph API is recorded with its initiator — the `x-demo-initiator` header (a UPN names a user,
 * anything else an app; default "Another admin tool") — and every license change it causes as
 * "Change user license", whose AssignedLicense old/new values use Entra's `[SkuName=…, AccountId=…, SkuId=…]` form.
 * Changes that group-based licensing makes for a membership change are initiated by Entra's licensing service.
 */
import { randomUUID } from 'node:crypto';
import type { TenantModel } from './tenant';

export const DEFAULT_INITIATOR = 'Another admin tool';
export const GROUP_LICENSING_APP = 'Microsoft Azure AD Group-Based Licensing';

export interface DirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: {
    user: { id: string | null; displayName: string | null; userPrincipalName: string; ipAddress: string | null } | null;
    app: { appId: string | null; displayName: string; servicePrincipalId: string | null; servicePrincipalName: string | null } | null;
  };
  targetResources: Array<{
    id: string;
    displayName: string | null;
    type: 'User' | 'Group';
    userPrincipalName: string | null;
    modifiedProperties: Array<{ displayName: string; oldValue: string; newValue: string }>;
  }>;
  additionalDetails: Array<{ key: string; value: string }>;
}

export type Initiator = DirectoryAudit['initiatedBy'];

export function initiatorFrom(header: string | undefined, model: TenantModel): Initiator {
  const name = header?.trim() || DEFAULT_INITIATOR;
  if (/^[^@\s]+@[^@\s]+$/.test(name)) {
    const user = model.findUser(name);
    return { user: { id: user?.id ?? null, displayName: user?.displayName ?? null, userPrincipalName: name, ipAddress: null }, app: null };
  }
  return { user: null, app: { appId: null, displayName: name, servicePrincipalId: null, servicePrincipalName: name } };
}

function licenseValue(model: TenantModel, skuIds: string[]): string {
  return JSON.stringify(skuIds.map((id) => `[SkuName=${model.sku(id)?.skuPartNumber ?? id}, AccountId=${model.organization.id}, SkuId=${id}, Disabled=[]]`));
}

export class DemoAuditLog {
  private readonly entries: DirectoryAudit[] = [];

  constructor(private readonly now: () => Date) {}

  all(): DirectoryAudit[] {
    return this.entries;
  }

  record(activity: string, initiatedBy: Initiator, targets: DirectoryAudit['targetResources'], correlationId: string): void {
    this.entries.push({
      id: randomUUID(),
      category: activity.includes('group') ? 'GroupManagement' : 'UserManagement',
      correlationId,
      result: 'success',
      resultReason: '',
      activityDisplayName: activity,
      activityDateTime: this.now().toISOString(),
      loggedByService: 'Core Directory',
      operationType: activity.startsWith('Add') ? 'Assign' : activity.startsWith('Remove') ? 'Unassign' : 'Update',
      initiatedBy: initiatedBy,
      targetResources: targets,
      additionalDetails: [],
    });
  }

  /**
   * The license changes between two snapshots of the tenant's active SKUs: one "Change user license" entry per
   * user whose licenses differ. `direct` names the user whose own assignment was written (its initiator is the
   * caller); everyone else changed through group-based licensing.
   */
  recordLicenseChanges(model: TenantModel, before: Map<string, string[]>, initiatedBy: Initiator, correlationId: string, direct?: string): void {
    const after = model.activeSkus();
    for (const [userId, now] of after) {
      const was = before.get(userId) ?? [];
      if (was.length === now.length && was.every((id) => now.includes(id))) continue;
      const user = model.findUser(userId)!;
      const by: Initiator = userId === direct ? initiatedBy : { user: null, app: { appId: null, displayName: GROUP_LICENSING_APP, servicePrincipalId: null, servicePrincipalName: GROUP_LICENSING_APP } };
      this.record(
        'Change user license',
        by,
        [{ id: user.id, displayName: user.displayName, type: 'User', userPrincipalName: user.userPrincipalName, modifiedProperties: [{ displayName: 'AssignedLicense', oldValue: licenseValue(model, was), newValue: licenseValue(model, now) }] }],
        correlationId,
      );
    }
  }
}

/**
 * The $filter directoryAudits takes here: clauses joined by `and`, each `activityDisplayName eq '…'`,
 * `category eq '…'`, `result eq '…'` or `activityDateTime ge|gt|le|lt <ISO date>`. Anything else → Graph's 400.
 */
export function auditFilter(filter: string | null): (entry: DirectoryAudit) => boolean {
  if (!filter || !filter.trim()) return () => true;
  const clauses = filter.split(/\s+and\s+/i).map((c) => c.trim());
  const tests = clauses.map((clause) => {
    const text = /^(activityDisplayName|category|result)\s+eq\s+'((?:[^']|'')*)'$/i.exec(clause);
    if (text) {
      const field = text[1] as 'activityDisplayName' | 'category' | 'result';
      const value = text[2].replace(/''/g, "'").toLowerCase();
      return (e: DirectoryAudit) => String(e[(Object.keys(e).find((k) => k.toLowerCase() === field.toLowerCase()) ?? field) as keyof DirectoryAudit]).toLowerCase() === value;
    }
    const time = /^activityDateTime\s+(ge|gt|le|lt)\s+(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/i.exec(clause);
    if (time) {
      const at = Date.parse(time[2]);
      const op = time[1].toLowerCase();
      return (e: DirectoryAudit) => {
        const t = Date.parse(e.activityDateTime);
        return op === 'ge' ? t >= at : op === 'gt' ? t > at : op === 'le' ? t <= at : t < at;
      };
    }
    return undefined;
  });
  if (tests.some((t) => !t)) throw new Error(`Invalid filter clause: ${filter}`);
  return (entry) => tests.every((t) => t!(entry));
}
