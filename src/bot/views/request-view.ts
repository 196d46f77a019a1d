import type { Refusal } from '../../requests/preflight';
import type { LicenseRequest } from '../../requests/request';

export type RequestViewer = 'approver' | 'requester' | 'readonly';

export interface RequestCardView {
  id: string;
  title: string;
  status: string;
  statusColor: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  facts: Array<{ title: string; value: string }>;
  gains: string[];
  losses: string[];
  hasGains: boolean;
  hasLosses: boolean;
  notices: string[];
  hasNotices: boolean;
  canDecide: boolean;
  canCancel: boolean;
  refreshUserIds: string[];
  fallbackText: string;
}

const day = (iso: string) => new Date(iso).toUTCString().slice(5, 16);
const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function money(amount: number | null, currency: string): string {
  if (amount === null) return 'unknown (not in the price list)';
  const sign = amount > 0 ? '+' : amount < 0 ? '−' : '±';
  return `${sign}${Math.abs(amount).toFixed(2)} ${currency}/month`;
}

function statusOf(r: LicenseRequest): { status: string; color: RequestCardView['statusColor'] } {
  switch (r.status) {
    case 'pending':
      return { status: `Waiting for approval · expires ${day(r.expiresAt)}`, color: 'Accent' };
    case 'approved':
      return { status: `Approved by ${r.decision?.by.name} · ${time(r.decision!.at)} · making the change`, color: 'Good' };
    case 'executing':
      return { status: `Approved by ${r.decision?.by.name} · making the change in Microsoft 365`, color: 'Good' };
    case 'completed':
      return { status: `Done · approved by ${r.decision?.by.name} · ${time(r.execution?.finishedAt ?? r.updatedAt)}${r.execution?.verified === false ? ' · not yet visible in Graph' : ''}`, color: 'Good' };
    case 'failed':
      return { status: `Failed: ${r.execution?.failure?.message ?? 'unknown reason'}`, color: 'Attention' };
    case 'rejected':
      return { status: `Rejected by ${r.decision?.by.name} · ${time(r.decision!.at)}${r.decision?.comment ? ` · "${r.decision.comment}"` : ''}`, color: 'Attention' };
    case 'cancelled':
      return { status: `Cancelled by ${r.cancelledBy?.name ?? r.requester.name} · ${time(r.updatedAt)}`, color: 'Warning' };
    case 'expired':
      return { status: `Expired on ${day(r.expiresAt)}: nobody decided in time`, color: 'Warning' };
  }
}

export function requestCardView(r: LicenseRequest, viewer: RequestViewer, refreshUserIds: string[] = []): RequestCardView {
  const { status, color } = statusOf(r);
  const facts = [
    { title: 'For', value: r.target.name },
    { title: 'Asked by', value: r.requester.name },
    { title: 'Add', value: r.add.displayName },
    ...(r.remove ? [{ title: 'Remove', value: r.remove.displayName }] : []),
    { title: 'Mailbox', value: `${r.summary.quotaFromGB} GB → ${r.summary.quotaToGB} GB${r.summary.mailboxUsedGB !== undefined ? ` (${r.summary.mailboxUsedGB} GB used)` : ''}` },
    { title: 'Cost', value: money(r.summary.monthlyCostChange, r.summary.currency) },
    { title: 'Free seats', value: `${r.summary.seatsFreeAtRequest} when asked` },
    ...(r.reason ? [{ title: 'Reason', value: r.reason }] : []),
  ];
  const canDecide = viewer === 'approver' && r.status === 'pending';
  const canCancel = viewer === 'requester' && r.status === 'pending';
  return {
    id: r.id,
    title: `${r.remove ? 'Change' : 'Add'} license · ${r.id}`,
    status,
    statusColor: color,
    facts,
    gains: r.summary.gains,
    losses: r.summary.losses,
    hasGains: r.summary.gains.length > 0,
    hasLosses: r.summary.losses.length > 0,
    notices: r.summary.notices ?? [],
    hasNotices: (r.summary.notices ?? []).length > 0,
    canDecide,
    canCancel,
    refreshUserIds,
    fallbackText: `${r.id}: ${r.add.displayName} for ${r.target.name} — ${status}`,
  };
}

/** Plain words for a refusal: what is wrong and what to do. */
export function refusalText(refusal: Refusal, targetName: string): { title: string; text: string; items: string[] } {
  const list = (products: Array<{ skuPartNumber: string; displayName: string }>) => products.map((p) => `${p.displayName} (${p.skuPartNumber})`);
  switch (refusal.kind) {
    case 'unknown-product':
      return { title: `No product "${refusal.text}" in this organization`, text: refusal.suggestions.length ? 'Did you mean one of these?' : 'This organization has no such subscription.', items: list(refusal.suggestions) };
    case 'ambiguous-product':
      return { title: `"${refusal.text}" matches several products`, text: 'Say which one, by name or part number:', items: list(refusal.candidates) };
    case 'not-assignable':
      return { title: `${refusal.product.displayName} cannot be requested`, text: `It cannot be assigned: ${refusal.why}.`, items: [] };
    case 'replace-not-held':
      return { title: `${targetName} does not have ${refusal.product.displayName}`, text: 'Their licenses are:', items: list(refusal.held) };
    case 'replace-inherited':
      return { title: `${refusal.product.displayName} comes from a group`, text: `${targetName} gets it through group membership, so it cannot be removed from them directly. Change their group membership instead.`, items: refusal.groupIds.map((g, i) => `Group ${refusal.groupNames?.[i] ?? g}`) };
    case 'same-product':
      return { title: 'Nothing to change', text: 'The product to add and the one to replace are the same.', items: [] };
    case 'already-has':
      return { title: `${targetName} already has that`, text: `Everything in ${refusal.product.displayName} is already covered by: ${refusal.coveredBy.join(', ')}. Adding it would only cost a seat.`, items: [] };
    case 'no-usage-location':
      return { title: `${targetName} has no usage location`, text: 'Microsoft 365 cannot assign a license without one. An admin must set the usage location (Entra admin center → user → Properties) first.', items: [] };
    case 'mailbox-guard':
      return { title: 'Blocked by the mailbox guard', text: `This change would hurt ${targetName}'s mailbox:`, items: refusal.problems };
    case 'no-mailbox-left':
      return { title: `${targetName} would have no mailbox`, text: 'The mailbox is disconnected and its data deleted after 30 days. If that is really intended, confirm below.', items: refusal.losses };
    case 'duplicate':
      return { title: 'Already requested', text: `There is an open request for this: ${refusal.requestIds.join(', ')}.`, items: [] };
  }
}
