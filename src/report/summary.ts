/** The report's top findings in a few plain lines, for the chat card and the CLI's closing line. Pure. */
import type { TenantReport } from './types';

export interface SummaryFinding {
  /** Short label, e.g. "Redundant licenses". */
  label: string;
  /** The number that matters, e.g. "2 · $6.00/month". */
  value: string;
  /** One line of detail (top items, what to do); may be empty. */
  detail: string;
  severity: 'attention' | 'warning' | 'good';
}

export interface ReportSummary {
  headline: string;
  findings: SummaryFinding[];
  /** "Microsoft 365 E5: 0 of 2 free" — SKUs near exhaustion, fewest free first. */
  seats: string[];
  notes: string[];
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function summarizeReport(report: TenantReport, options: { top?: number } = {}): ReportSummary {
  const top = options.top ?? 3;
  const t = report.totals;
  const money = (n: number) => formatMoney(n, t.currency);
  const findings: SummaryFinding[] = [];

  const redundantTop = report.redundant
    .slice(0, top)
    .map((r) => `${r.user}: ${r.product}${r.monthlyCost === null ? '' : ` (${money(r.monthlyCost)})`}`)
    .join('; ');
  findings.push({
    label: 'Redundant licenses still billed',
    value: t.redundantLicenses ? `${t.redundantLicenses.toLocaleString('en-US')} · ${money(t.monthlyWaste)}/month` : 'none',
    detail: redundantTop ? `${redundantTop}${t.redundantLicenses > top ? '; …' : ''}` : '',
    severity: t.redundantLicenses ? 'attention' : 'good',
  });

  const byError = groupErrorsByKind(report);
  findings.push({
    label: 'Group licensing errors',
    value: t.groupErrors ? t.groupErrors.toLocaleString('en-US') : 'none',
    detail: [...byError]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, top)
      .map(([error, { count, groups }]) => `${count} × ${error}${groups.size ? ` (${[...groups].slice(0, 2).join(', ')}${groups.size > 2 ? ', …' : ''})` : ''}`)
      .join('; '),
    severity: t.groupErrors ? 'attention' : 'good',
  });

  const inactiveParts = [
    t.disabledLicensed ? `${t.disabledLicensed.toLocaleString('en-US')} disabled` : '',
    t.neverSignedIn ? `${t.neverSignedIn.toLocaleString('en-US')} never signed in` : '',
    t.notSignedInRecently ? `${t.notSignedInRecently.toLocaleString('en-US')} not signed in for ${report.inactiveDays}+ days` : '',
  ].filter(Boolean);
  findings.push({
    label: 'Licensed but unused accounts',
    value: t.inactiveAccounts ? `${t.inactiveAccounts.toLocaleString('en-US')} · ${money(t.inactiveMonthlyCost)}/month` : 'none',
    detail: `${inactiveParts.join(', ')}${report.signInDataAvailable ? '' : `${inactiveParts.length ? '. ' : ''}Sign-in data unavailable: only disabled accounts checked`}`,
    severity: t.inactiveAccounts ? 'warning' : 'good',
  });

  const seatsNear = report.skus.filter((s) => s.nearExhaustion).sort((a, b) => a.freeAfterPending - b.freeAfterPending);
  const seats = seatsNear.map((s) => {
    const pending = report.pendingRequestsJoined && s.pendingRequests ? `, ${s.pendingRequests} requested` : '';
    return `${s.displayName}: ${Math.max(0, s.free).toLocaleString('en-US')} of ${s.enabled.toLocaleString('en-US')} free${pending}`;
  });
  findings.push({
    label: 'Seats near exhaustion',
    value: seatsNear.length ? plural(seatsNear.length, 'product') : 'none',
    detail: seats.slice(0, top).join('; '),
    severity: seatsNear.length ? 'warning' : 'good',
  });

  if (t.noUsageLocation) {
    const licensed = report.noUsageLocation.filter((n) => n.licensed).length;
    findings.push({
      label: 'No usage location',
      value: plural(t.noUsageLocation, 'user'),
      detail: `${licensed ? `${licensed.toLocaleString('en-US')} licensed. ` : ''}A license cannot be assigned to them directly until it is set.`,
      severity: 'warning',
    });
  }

  if (report.budgets?.length) {
    const over = report.budgets.filter((b) => b.over);
    findings.push({
      label: 'Seat budgets',
      value: over.length ? `${plural(report.budgets.length, 'budget')} · ${over.length.toLocaleString('en-US')} over` : plural(report.budgets.length, 'budget'),
      detail: report.budgets
        .slice(0, top)
        .map((b) => `${b.scope === 'group' ? `group ${b.name}` : b.name}: ${b.used.toLocaleString('en-US')} of ${b.limit.toLocaleString('en-US')} ${b.product}`)
        .join('; '),
      severity: over.length ? 'attention' : 'good',
    });
  }
  const overlapping = report.billing?.overlapping ?? [];
  if (report.billing) {
    const cost = overlapping.reduce((sum, o) => sum + Math.round((o.monthlyCost ?? 0) * 100), 0) / 100;
    const MAX_ADDS = 3;
    const adds = (list: string[]) => (list.length ? [...list.slice(0, MAX_ADDS), ...(list.length > MAX_ADDS ? [`${list.length - MAX_ADDS} more`] : [])].join(', ') : 'none');
    findings.push({
      label: 'Overlapping suites',
      value: overlapping.length ? `${overlapping.length.toLocaleString('en-US')} · ${money(cost)}/month` : 'none',
      detail:
        overlapping
          .slice(0, top)
          .map((o) => `${o.user}: ${o.product} beside ${o.keptProduct} (${o.monthlyCost === null ? '' : `${money(o.monthlyCost)}; `}adds ${adds(o.adds)})`)
          .join('; ') + (overlapping.length > top ? '; …' : ''),
      severity: overlapping.length ? 'attention' : 'good',
    });
  }

  const headline = t.redundantLicenses
    ? `${money(t.monthlyWaste)} a month billed for ${plural(t.redundantLicenses, 'redundant license')}`
    : 'No redundant licenses found';
  return { headline, findings, seats, notes: report.notes };
}

/** Group-licensing errors by Graph error kind: how many, and in which groups (by name when known). */
export function groupErrorsByKind(report: Pick<TenantReport, 'groupErrors'>): Map<string, { count: number; groups: Set<string> }> {
  const byError = new Map<string, { count: number; groups: Set<string> }>();
  for (const e of report.groupErrors) {
    const entry = byError.get(e.error) ?? { count: 0, groups: new Set<string>() };
    entry.count++;
    if (e.groupId) entry.groups.add(e.groupName ?? e.groupId);
    byError.set(e.error, entry);
  }
  return byError;
}
