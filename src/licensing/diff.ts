import type { ExchangeCapabilities, Workload } from './capabilities';
import type { Resolution } from './resolution';
import type { AssignedLicense, UserLicenseState } from './types';

export interface LicenseChange {
  addLicenses: AssignedLicense[];
  /** skuIds to remove from the user's direct assignments. */
  removeLicenses: string[];
}

/**
 * The user's license state as it would be after `change`, applied as Graph's assignLicense would:
 * adds become direct Active assignments, removes drop only the direct source (group-inherited stays).
 */
export function applyChange(user: UserLicenseState, change: LicenseChange): UserLicenseState {
  const removed = new Set(change.removeLicenses.map((id) => id.toLowerCase()));
  const added = new Map(change.addLicenses.map((l) => [l.skuId.toLowerCase(), l]));
  const states = (user.licenseAssignmentStates ?? user.assignedLicenses.map((l) => ({ skuId: l.skuId, assignedByGroup: null, disabledPlans: l.disabledPlans ?? [], state: 'Active', error: 'None' })))
    .filter((s) => s.assignedByGroup || (!removed.has(s.skuId.toLowerCase()) && !added.has(s.skuId.toLowerCase())));
  for (const license of added.values()) {
    states.push({ skuId: license.skuId, assignedByGroup: null, disabledPlans: license.disabledPlans ?? [], state: 'Active', error: 'None' });
  }
  const assignedLicenses = [...new Set(states.filter((s) => s.state !== 'Error').map((s) => s.skuId.toLowerCase()))].map((skuId) => ({
    skuId,
    disabledPlans: states.find((s) => s.skuId.toLowerCase() === skuId)?.disabledPlans ?? [],
  }));
  // assignedPlans describes the old state; the resolver must not read it for the proposal.
  return { ...user, assignedLicenses, licenseAssignmentStates: states, assignedPlans: undefined };
}

export type WorkloadChangeKind = 'gain' | 'loss' | 'upgrade' | 'downgrade' | 'same';

export interface WorkloadChange {
  workload: Workload;
  from: string | null;
  to: string | null;
  change: WorkloadChangeKind;
}

export interface LicenseDiff {
  workloads: WorkloadChange[];
  exchange: {
    from: ExchangeCapabilities;
    to: ExchangeCapabilities;
    quotaChangeGB: number;
    archiveLost: boolean;
    holdLost: boolean;
    mailboxLost: boolean;
  };
  /** Plain-language lines for the card: what the user gains and loses. */
  gains: string[];
  losses: string[];
  addedSkus: string[];
  removedSkus: string[];
  /** The result leaves the user without any Exchange mailbox plan while they have one now. */
  leavesNoMailbox: boolean;
  /** Nothing the user can use changes (e.g. adding a license that is covered already). */
  noEffectiveChange: boolean;
}

const CAPABILITY_LABELS: Array<[keyof ExchangeCapabilities, string]> = [
  ['litigationHold', 'Litigation Hold'],
  ['dlp', 'Data loss prevention'],
  ['outlookDesktop', 'Outlook desktop'],
  ['imap', 'IMAP'],
  ['pop', 'POP'],
  ['ews', 'EWS'],
  ['activeSync', 'ActiveSync (mobile mail)'],
];

/** What changes for the user between two resolutions (current → proposed). */
export function diff(current: Resolution, proposed: Resolution): LicenseDiff {
  const gains: string[] = [];
  const losses: string[] = [];
  const workloads = current.workloads.map((before, i): WorkloadChange => {
    const after = proposed.workloads[i];
    const from = before.effective?.tier ?? null;
    const to = after.effective?.tier ?? null;
    let change: WorkloadChangeKind = 'same';
    if (!before.effective && after.effective) change = 'gain';
    else if (before.effective && !after.effective) change = 'loss';
    else if (before.effective && after.effective && after.effective.rank > before.effective.rank) change = 'upgrade';
    else if (before.effective && after.effective && after.effective.rank < before.effective.rank) change = 'downgrade';
    const label = before.workload;
    if (change === 'gain') gains.push(`${label} ${to}`);
    if (change === 'loss') losses.push(`${label} ${from}`);
    if (change === 'upgrade') gains.push(`${label} ${from} → ${to}`);
    if (change === 'downgrade') losses.push(`${label} ${from} → ${to}`);
    return { workload: before.workload, from, to, change };
  });

  const from = current.workloads.find((w) => w.workload === 'Exchange')!.exchange!;
  const to = proposed.workloads.find((w) => w.workload === 'Exchange')!.exchange!;
  const quotaChangeGB = to.mailboxQuotaGB - from.mailboxQuotaGB;
  if (quotaChangeGB > 0) gains.push(`Mailbox ${from.mailboxQuotaGB} GB → ${to.mailboxQuotaGB} GB`);
  if (quotaChangeGB < 0 && to.mailbox) losses.push(`Mailbox ${from.mailboxQuotaGB} GB → ${to.mailboxQuotaGB} GB`);
  const archiveLost = from.archive !== 'none' && to.archive !== from.archive && archiveSize(to.archive) < archiveSize(from.archive);
  if (archiveLost) losses.push(to.archive === 'none' ? `Archive (${from.archive})` : `Archive ${from.archive} → ${to.archive}`);
  if (archiveSize(to.archive) > archiveSize(from.archive)) gains.push(`Archive ${to.archive}`);
  const holdLost = from.litigationHold && !to.litigationHold;
  for (const [key, text] of CAPABILITY_LABELS) {
    if (from[key] && !to[key] && to.mailbox) losses.push(text);
    if (!from[key] && to[key] && from.mailbox) gains.push(text);
  }
  const mailboxLost = from.mailbox && !to.mailbox;
  if (mailboxLost) {
    losses.push('The mailbox: it is disconnected, and its data is deleted after 30 days');
  }

  const currentSkus = new Set(current.skus.filter((s) => s.active).map((s) => s.skuPartNumber));
  const proposedSkus = new Set(proposed.skus.filter((s) => s.active).map((s) => s.skuPartNumber));
  return {
    workloads,
    exchange: { from, to, quotaChangeGB, archiveLost, holdLost, mailboxLost },
    gains,
    losses,
    addedSkus: [...proposedSkus].filter((s) => !currentSkus.has(s)),
    removedSkus: [...currentSkus].filter((s) => !proposedSkus.has(s)),
    leavesNoMailbox: mailboxLost,
    noEffectiveChange: gains.length === 0 && losses.length === 0,
  };
}

function archiveSize(archive: ExchangeCapabilities['archive']): number {
  return archive === 'none' ? 0 : archive === '50 GB' ? 1 : 2;
}
