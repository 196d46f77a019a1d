/**
 * What `license-desk doctor` checks: the credentials, each application permission the README lists (one
 * read-only call each; a 403 means the permission is missing), the approver group, the report settings and the
 * bot's registration settings. Every check says what works, or what to grant or set.
 */
import type { AppConfig } from '../config';
import { isGraphRequestError } from '../graph/errors';
import type { GraphGateway } from '../graph/gateway';
import { CONCEALED_NAMES_SETTING } from '../graph/mailbox-report';

export type CheckStatus = 'ok' | 'missing' | 'warning' | 'info';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** Required checks decide the exit code; the others only inform. */
  required: boolean;
  detail: string;
}

/** Each permission with the one read-only call that needs it (least privilege, as src/graph/README.md lists). */
export const PERMISSION_PROBES: ReadonlyArray<{ permission: string; path: string; required: boolean; what: string }> = [
  { permission: 'User.Read.All', path: '/users?$select=id&$top=1', required: true, what: 'users, managers and license states' },
  { permission: 'GroupMember.Read.All', path: '/groups?$select=id&$top=1', required: true, what: 'approver and licensing groups' },
  { permission: 'LicenseAssignment.ReadWrite.All', path: '/subscribedSkus?$select=skuId', required: true, what: 'SKUs and seats (and assignLicense)' },
  { permission: 'Reports.Read.All', path: "/reports/getMailboxUsageDetail(period='D7')", required: true, what: 'mailbox usage for the downgrade guard' },
  { permission: 'Organization.Read.All', path: '/organization?$select=id', required: true, what: 'the tenant itself' },
  { permission: 'ReportSettings.Read.All', path: '/admin/reportSettings', required: false, what: 'whether reports conceal names' },
  { permission: 'AuditLog.Read.All', path: '/users?$select=id,signInActivity&$top=1', required: false, what: 'sign-in activity in the report (Entra ID P1)' },
  { permission: 'OrgContact.Read.All', path: '/contacts?$select=id&$top=1', required: false, what: 'managers that are organizational contacts' },
];

export interface DoctorContext {
  config: AppConfig;
  graph: GraphGateway;
  /** The approver group in use (APPROVER_GROUP_ID, or the demo's "License Approvers"). */
  approverGroupId?: string;
  /** True when the demo tenant runs in this process or the endpoint takes no token (a shared demo). */
  demo: boolean;
}

export async function runChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const token = await ctx.graph.acquireToken();
  if (token.kind === 'anonymous') {
    results.push({ name: 'Credentials', status: ctx.demo ? 'info' : 'missing', required: !ctx.demo, detail: ctx.demo ? 'none needed: the demo tenant takes no token' : 'no Graph credentials: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_USE_MANAGED_IDENTITY=true)' });
  } else if (token.kind === 'failed') {
    results.push({ name: 'Credentials', status: 'missing', required: true, detail: `no token: ${token.message}` });
    return results; // every Graph call would fail the same way
  } else {
    results.push({ name: 'Credentials', status: 'ok', required: true, detail: `token acquired (valid until ${token.expiresOn})` });
  }
  const roles = token.kind === 'ok' ? token.roles : undefined;

  for (const probe of PERMISSION_PROBES) results.push(await permissionCheck(ctx.graph, probe, roles));
  // assignLicense is a write: its permission is judged from the token's roles, never by trying.
  if (roles) {
    const canWrite = roles.includes('LicenseAssignment.ReadWrite.All') || roles.includes('User.ReadWrite.All') || roles.includes('Directory.ReadWrite.All');
    results.push({ name: 'assignLicense (write)', status: canWrite ? 'ok' : 'missing', required: true, detail: canWrite ? 'granted in the token' : 'missing LicenseAssignment.ReadWrite.All (application permission, admin consent)' });
  } else {
    results.push({ name: 'assignLicense (write)', status: 'info', required: false, detail: 'not checked: it is a write, and this token carries no roles to read' });
  }
  results.push(await approverGroupCheck(ctx));
  results.push(await reportSettingsCheck(ctx.graph));
  results.push(...registrationChecks(ctx, await organizationId(ctx.graph)));
  return results;
}

async function permissionCheck(graph: GraphGateway, probe: (typeof PERMISSION_PROBES)[number], roles: string[] | undefined): Promise<CheckResult> {
  const name = probe.permission;
  try {
    await graph.probe(probe.path);
    return { name, status: 'ok', required: probe.required, detail: probe.what };
  } catch (error) {
    if (isGraphRequestError(error) && (error.status === 403 || error.status === 401)) {
      const premium = /NonPremiumTenant/i.test(`${error.code} ${error.graphMessage}`);
      const detail = premium ? 'the tenant has no Entra ID P1: sign-in activity is not available' : `missing ${name} (application permission, admin consent) — ${probe.what}${roles && roles.includes(name) ? '; the token has it: consent may still be propagating' : ''}`;
      return { name, status: probe.required ? 'missing' : 'warning', required: probe.required, detail };
    }
    const reason = isGraphRequestError(error) ? error.plainReason : (error as Error).message;
    return { name, status: probe.required ? 'missing' : 'warning', required: probe.required, detail: `${probe.path.split('?')[0]} failed: ${reason}` };
  }
}

async function approverGroupCheck(ctx: DoctorContext): Promise<CheckResult> {
  const name = 'Approver group';
  if (!ctx.approverGroupId) return { name, status: 'missing', required: true, detail: 'APPROVER_GROUP_ID is not set: nobody can approve a request' };
  const names = await ctx.graph.getGroupNames([ctx.approverGroupId]).catch(() => undefined);
  const groupName = names?.get(ctx.approverGroupId);
  if (!groupName) return { name, status: 'missing', required: true, detail: `APPROVER_GROUP_ID ${ctx.approverGroupId} is not a group Graph can read` };
  const members = await ctx.graph.getGroupMemberIds(ctx.approverGroupId).catch(() => undefined);
  if (!members) return { name, status: 'missing', required: true, detail: `"${groupName}": its members cannot be read (GroupMember.Read.All)` };
  if (members.length === 0) return { name, status: 'missing', required: true, detail: `"${groupName}" has no members: add the license approvers to it` };
  return { name, status: 'ok', required: true, detail: `"${groupName}", ${members.length} member${members.length === 1 ? '' : 's'}` };
}

async function reportSettingsCheck(graph: GraphGateway): Promise<CheckResult> {
  const name = 'Report names';
  try {
    const settings = await graph.getReportSettings();
    return settings.displayConcealedNames
      ? { name, status: 'warning', required: false, detail: `usage reports conceal user names: the mailbox guard cannot see mailbox sizes. Turn it off: ${CONCEALED_NAMES_SETTING}` }
      : { name, status: 'ok', required: false, detail: 'usage reports show user names' };
  } catch {
    return { name, status: 'warning', required: false, detail: 'not known (ReportSettings.Read.All missing)' };
  }
}

async function organizationId(graph: GraphGateway): Promise<string | undefined> {
  return graph.getOrganization().then((o) => o.id.toLowerCase(), () => undefined);
}

/** BOT_ID/BOT_PASSWORD, BOT_TENANT_ID and ALLOWED_TENANT_IDS against the tenant Graph serves. */
function registrationChecks(ctx: DoctorContext, tenantId: string | undefined): CheckResult[] {
  const { bot, allowedTenantIds, graph } = ctx.config;
  const results: CheckResult[] = [];
  if (!bot.id) {
    results.push({
      name: 'Bot registration',
      status: ctx.demo ? 'info' : 'missing',
      required: !ctx.demo,
      detail: ctx.demo ? 'BOT_ID empty: authentication off (fine for the demo and the Playground only)' : 'BOT_ID is empty: register the bot (m365agents.yml) and set BOT_ID and BOT_PASSWORD',
    });
  } else {
    results.push({ name: 'Bot registration', status: 'ok', required: true, detail: `BOT_ID ${bot.id} (${bot.type})${bot.password ? ', BOT_PASSWORD set' : ''}` });
  }
  if (!tenantId) return results;
  const problems: string[] = [];
  if (graph.tenantId && graph.tenantId.toLowerCase() !== tenantId) problems.push(`GRAPH_TENANT_ID ${graph.tenantId} is not the tenant Graph serves (${tenantId})`);
  if (bot.tenantId && bot.tenantId.toLowerCase() !== tenantId && !allowedTenantIds.includes(bot.tenantId.toLowerCase())) problems.push(`BOT_TENANT_ID ${bot.tenantId} is neither the Graph tenant (${tenantId}) nor in ALLOWED_TENANT_IDS`);
  if (allowedTenantIds.length > 0 && !allowedTenantIds.includes(tenantId)) problems.push(`ALLOWED_TENANT_IDS (${allowedTenantIds.join(', ')}) leaves out the Graph tenant ${tenantId}: its users would be refused`);
  results.push(
    problems.length
      ? { name: 'Tenant ids', status: 'missing', required: true, detail: problems.join('; ') }
      : { name: 'Tenant ids', status: 'ok', required: true, detail: `Graph tenant ${tenantId}${allowedTenantIds.length ? `, allowed: ${allowedTenantIds.join(', ')}` : ' (allowed by default)'}` },
  );
  return results;
}
