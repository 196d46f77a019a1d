import type { Resolution, ResolvedSku, SkuSourceState } from '../../licensing/resolution';

/** The data the license card template binds to. Built by a pure function so tests can assert it. */
export interface LicenseCardView {
  title: string;
  subtitle: string;
  summary: Array<{ label: string; value: string; detail: string }>;
  alerts: Array<{ text: string }>;
  hasAlerts: boolean;
  licenses: Array<{ name: string; source: string; note: string; noteColor: 'Default' | 'Warning' | 'Attention' }>;
  hasLicenses: boolean;
  disabled: Array<{ text: string }>;
  hasDisabled: boolean;
  pending: Array<{ text: string }>;
  hasPending: boolean;
  footer: string;
}

export interface LicenseViewOptions {
  /** Group id → display name, for "via group …". */
  groupNames?: Map<string, string>;
  /** Whose card: "your" wording for the user themselves. */
  self: boolean;
  readAt: Date;
}

function sourceText(source: SkuSourceState, groupNames: Map<string, string> | undefined): string {
  const from = source.source.kind === 'direct' ? 'Direct' : `Via group ${groupNames?.get(source.source.groupId) ?? source.source.groupId}`;
  const problem = source.error ? ` · ${source.state}: ${source.error}` : source.state !== 'Active' ? ` · ${source.state}` : '';
  return `${from}${problem}`;
}

function licenseNote(sku: ResolvedSku, named: (parts: string[]) => string): { note: string; noteColor: 'Default' | 'Warning' | 'Attention' } {
  if (!sku.active) return { note: 'Not active: grants nothing', noteColor: 'Attention' };
  if (sku.redundant) return { note: `Redundant, still billed: ${named(sku.coveredBy)} covers it`, noteColor: 'Warning' };
  if (['warning', 'suspended', 'lockedout', 'deleted'].includes(sku.subscriptionStatus.toLowerCase())) {
    return { note: `Subscription ${sku.subscriptionStatus}`, noteColor: 'Attention' };
  }
  if (sku.supersededWorkloads.length > 0) return { note: `${sku.supersededWorkloads.join(', ')} superseded by another license`, noteColor: 'Default' };
  return { note: '', noteColor: 'Default' };
}

export function licenseCardView(resolution: Resolution, options: LicenseViewOptions): LicenseCardView {
  const displayNames = new Map(resolution.skus.map((s) => [s.skuPartNumber, s.displayName]));
  const named = (parts: string[]) => parts.map((p) => displayNames.get(p) ?? p).join(', ');
  const name = resolution.user.displayName ?? resolution.user.userPrincipalName ?? 'Unknown user';
  const summary = resolution.workloads
    .filter((w) => w.effective || w.workload === 'Exchange')
    .map((w) => {
      const from = w.effective ? ` (${named(w.effective.skuPartNumbers)})` : '';
      const value = w.effective ? w.effective.tier : w.workload === 'Exchange' ? 'No mailbox' : 'None';
      const addOn = w.workload === 'Exchange' && w.effective && w.addOns.length > 0 ? ` + ${w.addOns[0].tier}` : '';
      return { label: w.workload, value: `${value}${addOn}${from}`, detail: w.effective ? w.gives.join(' · ') : '' };
    });
  const alerts = [...resolution.warnings.map((w) => ({ text: w.message })), ...resolution.conflicts.map((c) => ({ text: c.message }))];
  const licenses = resolution.skus.map((sku) => ({
    name: sku.displayName,
    source: sku.sources.map((s) => sourceText(s, options.groupNames)).join(' / '),
    ...licenseNote(sku, named),
  }));
  const disabled = resolution.disabledPlans.map((p) => ({ text: `${p.friendlyName} (in ${p.skuPartNumber})` }));
  const pending = resolution.pendingPlans.map((p) => ({ text: `${p.friendlyName} (in ${p.skuPartNumber}): ${p.status === 'pending' ? 'being provisioned' : 'suspended'}` }));
  return {
    title: options.self ? 'Your licenses' : `Licenses of ${name}`,
    subtitle: [name, resolution.user.userPrincipalName].filter(Boolean).join(' · '),
    summary,
    alerts,
    hasAlerts: alerts.length > 0,
    licenses,
    hasLicenses: licenses.length > 0,
    disabled,
    hasDisabled: disabled.length > 0,
    pending,
    hasPending: pending.length > 0,
    footer: `Read from Microsoft Graph ${options.readAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}
