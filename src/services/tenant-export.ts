/**
 * Reads a tenant through the Graph gateway (read-only, the bot's own app permissions) into the tenant fixture
 * format (shared/tenant-fixture.md), so the demo tenant can serve it: `DEMO_TENANT_FILE=export.json npm start`.
 *
 * Streaming: users are written as they are read (one Graph page in memory, one user per line); what must be kept
 * is small — the ids of exported users (members and managers must point at them), the groups and contacts they
 * reference, and the mailbox sizes by UPN. Order follows Graph's (users, groups, members) or ids (contacts), so
 * a re-export of an unchanged tenant is byte-identical.
 *
 * Graph requests: organization, subscribedSkus, reportSettings, the mailbox report (302 + CSV), the /users scan
 * with $expand=manager (ceil(N/999), or ceil(N/120) with sign-ins), then $batch for groups and contacts and a
 * transitiveMembers scan per exported group.
 */
import { isGraphRequestError } from '../graph/errors';
import type { GraphGateway } from '../graph/gateway';
import type { GraphContact, GraphGroup, GraphUser, SubscribedSku } from '../graph/types';
import type { Anonymizer } from './anonymizer';
import { isSignInRefusal, signInPageLimit } from './tenant-report';

export interface ExportSink {
  /** Resolves when the text is accepted (back-pressure: a slow disk slows the scan, not the memory). */
  write(text: string): Promise<void>;
}

export interface TenantExportOptions {
  /** Also export signInActivity (AuditLog.Read.All, Entra ID P1); refused → exported without, with a warning. */
  signIns?: boolean;
  anonymizer?: Anonymizer;
  /** Exported even without licenses, so the offline bot has its approvers. */
  approverGroupId?: string;
  onProgress?: (event: ExportProgress) => void;
}

export type ExportProgress = { phase: 'users'; users: number } | { phase: 'groups'; done: number; total: number } | { phase: 'contacts'; total: number };

export interface TenantExportSummary {
  users: number;
  groups: number;
  contacts: number;
  mailboxes: number;
  signIns: boolean;
  concealedNames: boolean | undefined;
  /** The approver group's id in the export (the pseudonym when anonymized): APPROVER_GROUP_ID for the offline bot. */
  approverGroupId?: string;
  warnings: string[];
  graphRequests: number;
}

const USER_SELECT = ['id', 'displayName', 'userPrincipalName', 'mail', 'jobTitle', 'department', 'accountEnabled', 'usageLocation', 'assignedLicenses', 'licenseAssignmentStates'];
const PROGRESS_EVERY = 500;
const COUNTRY = /^[A-Z]{2}$/;
const UPN = /^[^@\s]+@[^@\s]+$/;

type Mailbox = { storageUsedInBytes: number; archiveEnabled: boolean; litigationHoldEnabled: boolean };

/** A mailbox as one number (bytes × 4 + archive × 2 + hold): 100,000 of them cost a Map of numbers, not of objects. */
const packMailbox = (m: Mailbox): number => m.storageUsedInBytes * 4 + (m.archiveEnabled ? 2 : 0) + (m.litigationHoldEnabled ? 1 : 0);
const unpackMailbox = (n: number): Mailbox => ({ storageUsedInBytes: Math.floor(n / 4), archiveEnabled: Math.floor(n / 2) % 2 === 1, litigationHoldEnabled: n % 2 === 1 });

export class TenantExportService {
  constructor(private readonly deps: { graph: GraphGateway; logger?: { warn(obj: object, msg?: string): void } }) {}

  async run(sink: ExportSink, options: TenantExportOptions = {}): Promise<TenantExportSummary> {
    const { graph } = this.deps;
    const anon = options.anonymizer;
    const requestsBefore = graph.stats().requests;
    const warnings: string[] = [];
    const id = (value: string) => (anon ? anon.id(value) : value);

    const organization = await graph.getOrganization();
    const skus = await graph.getSubscribedSkus({ fresh: true });
    const skuIds = new Set(skus.map((s) => s.skuId));
    const concealedNames = await graph.getReportSettings().then(
      (s) => s.displayConcealedNames,
      (error: unknown) => {
        warnings.push(`Report settings not readable (${reason(error)}; ReportSettings.Read.All): the export does not say whether report names are concealed.`);
        return undefined;
      },
    );
    const mailboxes = await this.mailboxes(concealedNames, warnings);

    await sink.write('{\n');
    await sink.write(`  "organization": ${JSON.stringify(this.organization(organization, anon))},\n`);
    await sink.write(`  "subscribedSkus": [\n${skus.map((s) => `    ${JSON.stringify(fixtureSku(s))}`).join(',\n')}\n  ],\n`);
    await sink.write('  "users": [\n');

    // The scan: users written as read; what later parts need is remembered in small sets.
    const userIds = new Set<string>();
    const groupIds = new Set<string>();
    const contactIds = new Set<string>();
    let signIns = options.signIns ?? false;
    let pageSize = 999;
    let mailboxCount = 0;
    let skippedLicenses = 0;
    for (;;) {
      const select = signIns ? [...USER_SELECT, 'signInActivity'] : USER_SELECT;
      try {
        for await (const user of graph.scanUsers({ select, expandManager: true, pageSize })) {
          const key = user.id.toLowerCase();
          if (userIds.has(key)) continue; // a page boundary moved under a live tenant
          const direct = directLicenses(user).filter((l) => skuIds.has(l.skuId) || (skippedLicenses++, false));
          for (const s of user.licenseAssignmentStates) if (s.assignedByGroup) groupIds.add(s.assignedByGroup.toLowerCase());
          if (user.manager?.objectType === 'contact') contactIds.add(user.manager.id);
          const packed = mailboxes?.get((user.userPrincipalName ?? '').toLowerCase());
          const mailbox = packed === undefined ? undefined : unpackMailbox(packed);
          if (mailbox) mailboxCount++;
          await sink.write(`${userIds.size > 0 ? ',\n' : ''}    ${JSON.stringify(this.user(user, direct, mailbox, signIns, anon))}`);
          userIds.add(key);
          if (userIds.size % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'users', users: userIds.size });
        }
        break;
      } catch (error) {
        // Refusals of signInActivity come with the first page, before anything of the scan is written.
        if (!signIns || userIds.size > 0) throw error;
        const limit = signInPageLimit(error);
        if (limit !== undefined && limit < Math.min(pageSize, 120)) {
          pageSize = limit;
          continue;
        }
        if (!isSignInRefusal(error) && limit === undefined) throw error;
        warnings.push(`Sign-in activity not readable (${reason(error)}; AuditLog.Read.All and Entra ID P1): exported without it.`);
        signIns = false;
      }
    }
    options.onProgress?.({ phase: 'users', users: userIds.size });
    await sink.write('\n  ],\n');
    if (skippedLicenses > 0) warnings.push(`${skippedLicenses} direct assignment(s) of SKUs the tenant no longer lists were left out.`);

    // Groups: those that license someone, and the approver group.
    if (options.approverGroupId) groupIds.add(options.approverGroupId.toLowerCase());
    // Graph's group order (the demo tenant licenses groups in fixture order, so an export of it re-imports the same).
    const groupList: string[] = [];
    if (groupIds.size > 0) for await (const g of graph.scanGroupIds()) if (groupIds.has(g)) groupList.push(g);
    const listed = new Set(groupList);
    for (const g of [...groupIds].sort()) if (!listed.has(g)) groupList.push(g);
    const groups: Map<string, GraphGroup | null> = groupList.length ? await graph.getGroups(groupList) : new Map();
    const groupLines: string[] = [];
    let done = 0;
    for (const groupId of groupList) {
      const group = groups.get(groupId);
      options.onProgress?.({ phase: 'groups', done: done++, total: groupList.length });
      if (!group) {
        warnings.push(`Group ${groupId} is referenced but could not be read: left out.`);
        continue;
      }
      // Fixture groups are flat: transitive members, users of this export only.
      const members = (await graph.getGroupMemberIds(group.id)).filter((m) => userIds.has(m)).map(id);
      const licenses = group.assignedLicenses.filter((l) => skuIds.has(l.skuId));
      groupLines.push(
        `    ${JSON.stringify({
          id: id(group.id),
          displayName: anon ? anon.name('Group', group.id) : group.displayName || group.id,
          securityEnabled: licenses.length > 0 ? true : (group.securityEnabled ?? true),
          assignedLicenses: licenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...(l.disabledPlans ?? [])].sort() })),
          members,
        })}`,
      );
    }
    await sink.write(`  "groups": [\n${groupLines.join(',\n')}${groupLines.length ? '\n' : ''}  ],\n`);

    // Contacts that are managers, and the contacts above them, until the chain reaches users.
    const contacts = await this.contacts(contactIds, userIds, warnings);
    options.onProgress?.({ phase: 'contacts', total: contacts.length });
    const contactLines = contacts.map((c) => `    ${JSON.stringify(this.contact(c, anon))}`);
    await sink.write(`  "contacts": [\n${contactLines.join(',\n')}${contactLines.length ? '\n' : ''}  ]`);
    if (concealedNames !== undefined) await sink.write(`,\n  "reportSettings": ${JSON.stringify({ displayConcealedNames: concealedNames })}`);
    await sink.write('\n}\n');

    const approver = options.approverGroupId ? options.approverGroupId.toLowerCase() : undefined;
    return {
      users: userIds.size,
      groups: groupLines.length,
      contacts: contacts.length,
      mailboxes: mailboxCount,
      signIns,
      concealedNames,
      approverGroupId: approver && groups.get(approver) ? id(approver) : undefined,
      warnings,
      graphRequests: graph.stats().requests - requestsBefore,
    };
  }

  /** Mailbox sizes by UPN, kept compact (three values per mailbox, not the report's rows). */
  private async mailboxes(concealed: boolean | undefined, warnings: string[]): Promise<Map<string, number> | undefined> {
    if (concealed) {
      warnings.push('Usage reports conceal user names in this tenant: mailbox sizes cannot be matched to users and are not exported.');
      return undefined;
    }
    const map = new Map<string, number>();
    let count = 0;
    try {
      for await (const r of this.deps.graph.mailboxUsageRows()) {
        count++;
        if (r.isDeleted || r.storageUsedInBytes === undefined || !r.userPrincipalName.includes('@')) continue;
        const mailbox = packMailbox({ storageUsedInBytes: r.storageUsedInBytes, archiveEnabled: r.hasArchive, litigationHoldEnabled: r.litigationHoldEnabled ?? false });
        // A fresh flat key: a slice would pin the chunk it came from.
        map.set(Buffer.from(r.userPrincipalName.toLowerCase(), 'utf8').toString('utf8'), mailbox);
      }
    } catch (error) {
      if (!isGraphRequestError(error)) throw error;
      warnings.push(`Mailbox usage report not readable (${reason(error)}; Reports.Read.All): exported without mailbox sizes.`);
      return undefined;
    }
    if (count > 0 && map.size === 0) warnings.push('The mailbox usage report names no user (concealed names?): exported without mailbox sizes.');
    return map;
  }

  private async contacts(start: Set<string>, userIds: Set<string>, warnings: string[]): Promise<GraphContact[]> {
    const found = new Map<string, GraphContact>();
    let wanted = [...start];
    while (wanted.length > 0) {
      let read: Map<string, GraphContact | null>;
      try {
        read = await this.deps.graph.getContacts(wanted);
      } catch (error) {
        if (!isGraphRequestError(error) || error.kind !== 'forbidden') throw error;
        warnings.push(`Organizational contacts not readable (${reason(error)}; OrgContact.Read.All): managers that are contacts are exported by id only.`);
        read = new Map();
      }
      const next: string[] = [];
      for (const contactId of wanted) {
        const contact = read.get(contactId) ?? { id: contactId, displayName: null, mail: null, jobTitle: null, department: null, manager: null };
        found.set(contactId, contact);
        const up = contact.manager;
        if (up?.objectType === 'contact' && !found.has(up.id)) next.push(up.id);
        else if (up && up.objectType !== 'contact' && !userIds.has(up.id)) contact.manager = null;
      }
      wanted = [...new Set(next)];
    }
    return [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  private organization(org: Awaited<ReturnType<GraphGateway['getOrganization']>>, anon?: Anonymizer): Record<string, unknown> {
    return {
      id: anon ? anon.id(org.id) : org.id,
      displayName: anon ? anon.name('Tenant', org.id) : org.displayName || org.id,
      countryLetterCode: COUNTRY.test(org.countryLetterCode ?? '') ? org.countryLetterCode : 'US',
      verifiedDomains: (org.verifiedDomains.length ? org.verifiedDomains : [{ name: 'tenant.example', isDefault: true, isInitial: true }]).map((d) => ({
        name: anon ? anon.domain(d.name) : d.name,
        isDefault: d.isDefault ?? false,
        isInitial: d.isInitial ?? false,
      })),
    };
  }

  private user(user: GraphUser, direct: Array<{ skuId: string; disabledPlans: string[] }>, mailbox: Mailbox | undefined, signIns: boolean, anon?: Anonymizer): Record<string, unknown> {
    const upn = user.userPrincipalName && UPN.test(user.userPrincipalName) ? user.userPrincipalName : `${user.id}@unknown.example`;
    const out: Record<string, unknown> = {
      id: anon ? anon.id(user.id) : user.id,
      displayName: anon ? anon.name('User', user.id) : user.displayName || upn,
      userPrincipalName: anon ? anon.address(upn) : upn,
      mail: user.mail ? (anon ? anon.address(user.mail) : user.mail) : null,
      jobTitle: user.jobTitle ? (anon ? anon.name('Title', user.jobTitle) : user.jobTitle) : null,
      department: user.department ?? null,
      accountEnabled: user.accountEnabled ?? true,
      usageLocation: COUNTRY.test(user.usageLocation ?? '') ? user.usageLocation : null,
    };
    if (user.manager && user.manager.id !== user.id.toLowerCase()) out.manager = anon ? anon.id(user.manager.id) : user.manager.id;
    out.assignedLicenses = direct;
    if (signIns && user.signInActivity) {
      const { lastSignInDateTime, lastNonInteractiveSignInDateTime } = user.signInActivity;
      out.signInActivity = { lastSignInDateTime: lastSignInDateTime ?? null, lastNonInteractiveSignInDateTime: lastNonInteractiveSignInDateTime ?? null };
    }
    if (mailbox) out.mailbox = mailbox;
    return out;
  }

  private contact(c: GraphContact, anon?: Anonymizer): Record<string, unknown> {
    const out: Record<string, unknown> = {
      id: anon ? anon.id(c.id) : c.id,
      displayName: anon ? anon.name('Contact', c.id) : c.displayName || `Contact ${c.id.slice(0, 8)}`,
      mail: c.mail ? (anon ? anon.address(c.mail) : c.mail) : null,
      jobTitle: c.jobTitle ? (anon ? anon.name('Title', c.jobTitle) : c.jobTitle) : null,
      department: c.department ?? null,
    };
    if (c.manager && c.manager.id !== c.id) out.manager = anon ? anon.id(c.manager.id) : c.manager.id;
    return out;
  }
}

/** The user's DIRECT assignments (the fixture's assignedLicenses): group-inherited ones are derived again on import. */
function directLicenses(user: GraphUser): Array<{ skuId: string; disabledPlans: string[] }> {
  const states = user.licenseAssignmentStates;
  const direct = states.length > 0 ? states.filter((s) => !s.assignedByGroup) : user.assignedLicenses;
  const bySku = new Map<string, string[]>();
  for (const l of direct) if (!bySku.has(l.skuId)) bySku.set(l.skuId, [...(l.disabledPlans ?? [])].sort());
  return [...bySku].map(([skuId, disabledPlans]) => ({ skuId, disabledPlans }));
}

function fixtureSku(s: SubscribedSku): Record<string, unknown> {
  return {
    skuId: s.skuId,
    skuPartNumber: s.skuPartNumber,
    capabilityStatus: s.capabilityStatus ?? 'Enabled',
    appliesTo: s.appliesTo === 'Company' ? 'Company' : 'User',
    prepaidUnits: s.prepaidUnits,
    servicePlans: (s.servicePlans ?? []).map((p) => ({
      servicePlanId: p.servicePlanId,
      servicePlanName: p.servicePlanName || p.servicePlanId,
      provisioningStatus: p.provisioningStatus ?? 'Success',
      appliesTo: p.appliesTo ?? 'User',
    })),
  };
}

function reason(error: unknown): string {
  return isGraphRequestError(error) ? `${error.status ?? 'network'} ${error.code ?? ''}`.trim() : (error as Error).message;
}
