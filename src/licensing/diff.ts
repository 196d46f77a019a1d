import type { ExchangeCapabilities, Workload } from './capabilities';
import { phrase, type Phrase } from './phrase';
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
  /** The same lines as catalog phrases (diff.*), aligned with `gains` / `losses`. */
  gainPhrases: Phrase[];
  lossPhrases: Phrase[];
  addedSkus: string[];
  removedSkus: string[];
  /** The result leaves the user without any Exchange mailbox plan while they have one now. */
  leavesNoMailbox: boolean;
  /** Nothing the user can use changes (e.g. adding a license that is covered already). */
  noEffectiveChange: boolean;
}

const CAPABILITY_LABELS: Array<[keyof ExchangeCapabilities, string, string]> = [
  ['litigationHold', 'Litigation Hold', 'diff.capability.litigation-hold'],
  ['dlp', 'Data loss prevention', 'diff.capability.dlp'],
  ['outlookDesktop', 'Outlook desktop', 'diff.capability.outlook-desktop'],
  ['imap', 'IMAP', 'diff.capability.imap'],
  ['pop', 'POP', 'diff.capability.pop'],
  ['ews', 'EWS', 'diff.capability.ews'],
  ['activeSync', 'ActiveSync (mobile mail)', 'diff.capability.active-sync'],
];

/** The archive sizes as catalog values (the English text is the domain's own name for them). */
const ARCHIVE_CODE = { none: 'none', '50 GB': 'gb50', 'auto-expanding (1.5 TB)': 'auto' } as const;

/** What changes for the user between two resolutions (current → proposed). */
export function diff(current: Resolution, proposed: Resolution): LicenseDiff {
  const gains: string[] = [];
  const losses: string[] = [];
  const gainPhrases: Phrase[] = [];
  const lossPhrases: Phrase[] = [];
  const gain = (text: string, p: Phrase) => void (gains.push(text), gainPhrases.push(p));
  const loss = (text: string, p: Phrase) => void (losses.push(text), lossPhrases.push(p));
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
    const w = { workload: label };
    if (change === 'gain') gain(`${label} ${to}`, phrase('diff.workload', { workload: w, tier: { tier: to! } }));
    if (change === 'loss') loss(`${label} ${from}`, phrase('diff.workload', { workload: w, tier: { tier: from! } }));
    if (change === 'upgrade') gain(`${label} ${from} → ${to}`, phrase('diff.workload.change', { workload: w, from: { tier: from! }, to: { tier: to! } }));
    if (change === 'downgrade') loss(`${label} ${from} → ${to}`, phrase('diff.workload.change', { workload: w, from: { tier: from! }, to: { tier: to! } }));
    return { workload: before.workload, from, to, change };
  });

  const from = current.workloads.find((w) => w.workload === 'Exchange')!.exchange!;
  const to = proposed.workloads.find((w) => w.workload === 'Exchange')!.exchange!;
  const quotaChangeGB = to.mailboxQuotaGB - from.mailboxQuotaGB;
  const quota = phrase('diff.mailbox-quota', { from: from.mailboxQuotaGB, to: to.mailboxQuotaGB });
  if (quotaChangeGB > 0) gain(`Mailbox ${from.mailboxQuotaGB} GB → ${to.mailboxQuotaGB} GB`, quota);
  if (quotaChangeGB < 0 && to.mailbox) loss(`Mailbox ${from.mailboxQuotaGB} GB → ${to.mailboxQuotaGB} GB`, quota);
  const archiveLost = from.archive !== 'none' && to.archive !== from.archive && archiveSize(to.archive) < archiveSize(from.archive);
  if (archiveLost) {
    loss(
      to.archive === 'none' ? `Archive (${from.archive})` : `Archive ${from.archive} → ${to.archive}`,
      to.archive === 'none' ? phrase('diff.archive.lost', { from: ARCHIVE_CODE[from.archive] }) : phrase('diff.archive.change', { from: ARCHIVE_CODE[from.archive], to: ARCHIVE_CODE[to.archive] }),
    );
  }
  if (archiveSize(to.archive) > archiveSize(from.archive)) gain(`Archive ${to.archive}`, phrase('diff.archive.gained', { to: ARCHIVE_CODE[to.archive] }));
  const holdLost = from.litigationHold && !to.litigationHold;
  for (const [key, text, code] of CAPABILITY_LABELS) {
    if (from[key] && !to[key] && to.mailbox) loss(text, phrase(code));
    if (!from[key] && to[key] && from.mailbox) gain(text, phrase(code));
  }
  const mailboxLost = from.mailbox && !to.mailbox;
  if (mailboxLost) {
    loss('The mailbox: it is disconnected, and its data is deleted after 30 days', phrase('diff.mailbox-lost'));
  }

  const currentSkus = new Set(current.skus.filter((s) => s.active).map((s) => s.skuPartNumber));
  const proposedSkus = new Set(proposed.skus.filter((s) => s.active).map((s) => s.skuPartNumber));
  return {
    workloads,
    exchange: { from, to, quotaChangeGB, archiveLost, holdLost, mailboxLost },
    gains,
    losses,
    gainPhrases,
    lossPhrases,
    addedSkus: [...proposedSkus].filter((s) => !currentSkus.has(s)),
    removedSkus: [...currentSkus].filter((s) => !proposedSkus.has(s)),
    leavesNoMailbox: mailboxLost,
    noEffectiveChange: gains.length === 0 && losses.length === 0,
  };
}

function archiveSize(archive: ExchangeCapabilities['archive']): number {
  return archive === 'none' ? 0 : archive === '50 GB' ? 1 : 2;
}
