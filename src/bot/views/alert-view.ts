/**
 * The alert card's view model (cards/alert.json): an incident's codes and parameters turned into plain words.
 * Pure. Every English sentence of the alert card lives here (one place for the locale catalogs to take over).
 */
import type { AffectedPerson, Cause, Fix, HistoryEntry, Incident, SeatCandidate, Severity } from '../../alerts/types';

export interface AlertCardView {
  incidentId: string;
  title: string;
  titleColor: 'Attention' | 'Warning' | 'Default' | 'Good';
  status: string;
  statusColor: 'Attention' | 'Warning' | 'Default' | 'Good';
  summary: string;
  facts: Array<{ title: string; value: string }>;
  peopleTitle: string;
  people: string[];
  hasPeople: boolean;
  fixes: string[];
  hasFixes: boolean;
  history: string[];
  notice: string;
  canReprocess: boolean;
  canRequestLicense: boolean;
  fallbackText: string;
}

const SEVERITY: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };
const COLOR: Record<Severity, AlertCardView['titleColor']> = { high: 'Attention', medium: 'Warning', low: 'Default' };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const time = (iso: string) => `${day(iso)}, ${iso.slice(11, 16)} UTC`;
const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

const ERROR_WORDS: Record<string, (product: string) => string> = {
  CountViolation: (p) => `there is no free ${p} seat`,
  MutuallyExclusiveViolation: (p) => `${p} conflicts with a license they already have`,
  DependencyViolation: (p) => `a service in ${p} needs another service they do not have`,
  ProhibitedInUsageLocationViolation: (p) => `${p} is not available in their usage location`,
  UniquenessViolation: () => 'one of their proxy addresses is already used by another object',
  Other: () => 'Entra reported error "Other" (often a sibling license of the group failing)',
};

export function alertTitle(cause: Cause): string {
  switch (cause.code) {
    case 'group-license-error':
      return `Group licensing error: ${cause.product} in "${cause.groupName}"`;
    case 'seats-exhausted':
      return `No ${cause.product} seats left`;
    case 'seats-low':
      return `${cause.product}: ${cause.free} of ${cause.enabled} seats free`;
    case 'seats-over':
      return `${cause.product} is over-allocated`;
    case 'units-warning':
      return `${plural(cause.units, `${cause.product} license`)} expired (grace period)`;
    case 'units-suspended':
      return `${plural(cause.units, `${cause.product} license`)} suspended`;
    case 'units-locked-out':
      return `${plural(cause.units, `${cause.product} license`)} cancelled`;
    case 'subscription-ending':
      return `${cause.product} ${cause.isTrial ? 'trial' : 'subscription'} ends in ${plural(Math.max(0, cause.daysLeft), 'day')} unless renewed`;
    case 'subscription-status':
      return `${cause.product} subscription is ${cause.status === 'Warning' ? 'expired (grace period)' : cause.status === 'Suspended' ? 'suspended' : 'locked out'}`;
    case 'mailbox-disconnected':
      return `${cause.user}'s mailbox is disconnected`;
    case 'watch-off':
      return `The ${cause.watch === 'mailboxes' ? 'mailbox-at-risk' : 'subscription'} watch is off`;
  }
}

function summaryOf(incident: Incident): string {
  const c = incident.cause;
  const n = incident.affectedCount;
  switch (c.code) {
    case 'group-license-error': {
      const why = (ERROR_WORDS[c.error] ?? ((p: string) => `Entra reported error "${c.error}" for ${p}`))(c.product);
      const short = c.error === 'CountViolation' && c.seatsShort !== undefined ? ` ${c.seatsShort > 0 ? `${plural(c.seatsShort, 'seat')} short` : 'Enough seats are free now: reprocess'} (${c.free ?? 0} free).` : '';
      return `${plural(n, 'member')} of "${c.groupName}" did not get ${c.product}: ${why}.${short}`;
    }
    case 'seats-exhausted':
      return `All ${c.enabled} are in use, and ${[c.waitingRequests ? plural(c.waitingRequests, 'request') : '', c.waitingMembers ? plural(c.waitingMembers, 'group member') : ''].filter(Boolean).join(' and ')} ${c.waitingRequests + c.waitingMembers === 1 ? 'is' : 'are'} waiting for one.`;
    case 'seats-low':
      return `${c.consumed} of ${c.enabled} in use${c.pendingRequests ? `, ${plural(c.pendingRequests, 'open request')} will take more` : ''}: the next ${c.free === 0 ? 'request has to wait' : 'few requests use the last seats'}.`;
    case 'seats-over':
      return `${c.consumed} assigned but only ${c.enabled} bought: ${c.consumed - c.enabled} over. This happens when a subscription renews with fewer licenses.`;
    case 'units-warning':
      return `These licenses are past their end date and in the grace period: they still work, then stop.`;
    case 'units-suspended':
      return `The subscription was cancelled or not paid; these licenses no longer work but can be reactivated.`;
    case 'units-locked-out':
      return `These licenses were cancelled for good.`;
    case 'subscription-ending':
      return `On ${day(c.at)} it moves to its next state (expired, then disabled) if it is not renewed. ${plural(c.holders, 'person', 'people')} hold ${c.product}.`;
    case 'subscription-status':
      return `${c.status === 'Warning' ? 'Its licenses still work in the grace period' : c.status === 'Suspended' ? 'Its licenses no longer work' : 'It was cancelled'}${c.at ? `; next change on ${day(c.at)}` : ''}. ${plural(c.holders, 'person', 'people')} hold ${c.product}.`;
    case 'mailbox-disconnected':
      return `${c.initiator} changed ${c.user}'s licenses on ${time(c.changedAt)}${c.removed.length ? ` (removed ${list(c.removed.map((r) => r.product))})` : ''}, outside License Desk. ${c.user} has no Exchange Online plan now: the mailbox is disconnected, and its data is deleted 30 days after ${time(c.changedAt)} (${day(c.deletedAfter)}).`;
    case 'watch-off':
      return `Microsoft Graph refused to read ${c.watch === 'mailboxes' ? 'the directory audit log' : 'the directory subscriptions'}${c.status ? ` (${c.status}${c.graphCode ? ` ${c.graphCode}` : ''})` : ''}: License Desk needs the application permission ${c.permission}. Until then it cannot tell you about ${c.watch === 'mailboxes' ? 'license changes made outside License Desk that disconnect mailboxes' : 'subscriptions ending or suspended'}.`;
  }
}

function factsOf(incident: Incident): Array<{ title: string; value: string }> {
  const c = incident.cause;
  const facts = [{ title: 'Severity', value: SEVERITY[incident.severity] }];
  if ('product' in c) facts.push({ title: 'Product', value: `${c.product} (${c.skuPartNumber})` });
  if (c.code === 'group-license-error') facts.push({ title: 'Group', value: c.groupName }, { title: 'Error', value: c.error });
  if (c.code === 'mailbox-disconnected') {
    facts.push({ title: 'User', value: c.upn ? `${c.user} (${c.upn})` : c.user }, { title: 'Changed by', value: c.initiator }, { title: 'Data deleted after', value: day(c.deletedAfter) });
    if (c.restore) facts.push({ title: 'To restore', value: c.restore.product });
  }
  if (c.code === 'watch-off') facts.push({ title: 'Permission', value: c.permission });
  facts.push({ title: 'Raised', value: time(incident.raisedAt) });
  return facts;
}

function personLine(p: AffectedPerson): string {
  const who = p.upn ? `${p.name} (${p.upn})` : p.name;
  if (p.note?.code === 'usage-location') return `${who}: usage location ${p.note.value ?? 'not set'}`;
  if (p.note?.code === 'also-blocked') return `${who}: also blocked: ${list(p.note.products)}`;
  return who;
}

function candidateLine(c: SeatCandidate): string {
  const why =
    c.reason === 'redundant'
      ? `already covered by ${list(c.coveredBy ?? [])}`
      : c.reason === 'disabled'
        ? 'account disabled'
        : c.reason === 'never-signed-in'
          ? 'never signed in'
          : `not signed in for ${c.days ?? '?'} days`;
  return `${c.name} (${c.upn}): ${why}`;
}

export function fixText(fix: Fix): string {
  switch (fix.code) {
    case 'free-seats':
      return `Free seats from holders who do not need them: ${fix.candidates.map(candidateLine).join('; ')}.`;
    case 'buy-seats':
      return `Or buy ${plural(fix.count, `${fix.product} license`)} (Microsoft 365 admin center → Billing → Licenses).`;
    case 'remove-from-group':
      return `Or remove the people who should not have it from "${fix.groupName}".`;
    case 'remove-conflicting-license':
      return fix.conflicts.length
        ? `Remove the conflicting license: ${fix.conflicts.map((c) => `${c.plan} cannot be held with ${c.withPlan} (from ${c.withProduct})`).join('; ')}.`
        : 'Remove the license that conflicts with it from the user (legacy Exchange plans do not stack with other Exchange plans).';
    case 'add-dependency':
      return `Assign the license that has the service ${fix.product} depends on, or enable that service in the group's assignment.`;
    case 'set-usage-location':
      return `Set a usage location where ${fix.users.length ? list(fix.users) : 'they'} can use it (Entra admin center → user → Properties).`;
    case 'fix-proxy-address':
      return 'Remove the duplicate proxy address from the other object (Exchange admin center or Entra).';
    case 'reprocess':
      return 'Then press Reprocess: Entra retries the group licenses of the people affected now instead of later.';
    case 'over-allocation-grace':
      return 'Per-user subscriptions keep working for 90 days after a renewal with fewer licenses: remove licenses or buy more before then.';
    case 'renew-subscription':
      return `Renew ${fix.product}, or check that it renews automatically (admin center → Billing → Your products).`;
    case 'reactivate-subscription':
      return `Reactivate or pay ${fix.product} in the admin center (Billing → Your products) before its licenses stop.`;
    case 'restore-license':
      return `Give ${fix.user} ${fix.product} again before the data is deleted: "Request a license" starts the request, pre-filled.`;
    case 'grant-permission':
      return `An admin grants License Desk's app registration the application permission ${fix.permission} (Entra admin center → App registrations → API permissions → admin consent).`;
  }
}

function historyLine(h: HistoryEntry): string {
  const people = h.affectedCount ? ` · ${plural(h.affectedCount, 'person', 'people')}` : '';
  switch (h.event) {
    case 'raised':
      return `${time(h.at)} · raised${h.severity ? ` (${SEVERITY[h.severity].toLowerCase()})` : ''}${people}`;
    case 'changed':
      return `${time(h.at)} · changed${h.severity ? ` (${SEVERITY[h.severity].toLowerCase()})` : ''}${people}`;
    case 'reopened':
      return `${time(h.at)} · back again${people}`;
    case 'resolved':
      return `${time(h.at)} · resolved`;
    case 'reprocessed':
      return `${time(h.at)} · ${h.by ?? 'An approver'} reprocessed ${plural(h.sent ?? 0, 'user')}${h.failed ? ` (${h.failed} refused by Graph)` : ''}`;
  }
}

export function alertCardView(incident: Incident, options: { notice?: string } = {}): AlertCardView {
  const open = incident.status === 'open';
  const title = alertTitle(incident.cause);
  const people = incident.affected.map(personLine);
  const more = incident.affectedCount - incident.affected.length;
  if (more > 0) people.push(`… and ${more} more (see the report)`);
  const status = open ? `Open · ${incident.id}` : `Resolved ${time(incident.resolvedAt ?? incident.updatedAt)} · ${incident.id}`;
  return {
    incidentId: incident.id,
    title: open ? title : `Resolved: ${title}`,
    titleColor: open ? COLOR[incident.severity] : 'Good',
    status,
    statusColor: open ? COLOR[incident.severity] : 'Good',
    summary: summaryOf(incident),
    facts: factsOf(incident),
    peopleTitle: incident.cause.code === 'subscription-ending' || incident.cause.code === 'subscription-status' ? `Who would lose it (${incident.affectedCount})` : `People affected (${incident.affectedCount})`,
    people,
    hasPeople: people.length > 0,
    fixes: open ? incident.fixes.map(fixText) : [],
    hasFixes: open && incident.fixes.length > 0,
    history: incident.history.slice(-6).map(historyLine),
    notice: options.notice ?? '',
    canReprocess: open && incident.actions.includes('reprocess'),
    canRequestLicense: open && incident.actions.includes('request-license'),
    fallbackText: `${open ? '' : 'Resolved: '}${title} — ${summaryOf(incident)}`,
  };
}
