import type { Resolution, ResolvedSku, SkuSourceState } from '../../licensing/resolution';
import { messagesFor, phraseLines, phraseText, tierName, workloadName, type MessageKey, type Messages } from '../i18n';

/** The data the license card template binds to. Built by a pure function so tests can assert it. */
export interface LicenseCardView {
  lang: string;
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
  /** The card's fixed labels in the reader's language. */
  t: { licenses: string; noLicenses: string; turnedOff: string; notWorkingYet: string };
}

export interface LicenseViewOptions {
  /** Group id → display name, for "via group …". */
  groupNames?: Map<string, string>;
  /** Whose card: "your" wording for the user themselves. */
  self: boolean;
  readAt: Date;
  /** The reader's language; English when not given. */
  messages?: Messages;
}

function sourceText(m: Messages, source: SkuSourceState, groupNames: Map<string, string> | undefined): string {
  const state = source.state;
  if (source.source.kind === 'direct') {
    if (source.error) return m.t('license.source.direct.error', { state, error: source.error });
    return state !== 'Active' ? m.t('license.source.direct.state', { state }) : m.t('license.source.direct');
  }
  const group = groupNames?.get(source.source.groupId) ?? source.source.groupId;
  if (source.error) return m.t('license.source.group.error', { group, state, error: source.error });
  return state !== 'Active' ? m.t('license.source.group.state', { group, state }) : m.t('license.source.group', { group });
}

function licenseNote(m: Messages, sku: ResolvedSku, named: (parts: string[]) => string): { note: string; noteColor: 'Default' | 'Warning' | 'Attention' } {
  if (!sku.active) return { note: m.t('license.note.inactive'), noteColor: 'Attention' };
  if (sku.redundant) return { note: m.t('license.note.redundant', { products: named(sku.coveredBy), count: sku.coveredBy.length }), noteColor: 'Warning' };
  if (['warning', 'suspended', 'lockedout', 'deleted'].includes(sku.subscriptionStatus.toLowerCase())) {
    return { note: m.t('license.note.subscription', { status: sku.subscriptionStatus }), noteColor: 'Attention' };
  }
  if (sku.supersededWorkloads.length > 0) {
    const workloads = m.list(sku.supersededWorkloads.map((w) => workloadName(m, w)));
    return { note: m.t('license.note.superseded', { workloads, count: sku.supersededWorkloads.length }), noteColor: 'Default' };
  }
  // An add-on product (Power BI Pro, Visio, Project…): say what it is for, in the reader's words.
  const purpose = sku.purpose ?? [];
  if (purpose.length > 0 && purpose.length <= 3 && !purpose.some((p) => p.feature === 'mailbox')) {
    const uses = purpose.map((p) => {
      const feature = m.has(`feature.${p.feature}`) ? m.t(`feature.${p.feature}` as MessageKey) : p.feature;
      const tier = p.tier ? tierName(m, p.tier) : '';
      return tier && !feature.includes(tier) ? m.t('license.note.purpose.tier', { feature, tier }) : feature;
    });
    return { note: m.t('license.note.purpose', { uses: m.list(uses) }), noteColor: 'Default' };
  }
  return { note: '', noteColor: 'Default' };
}

/** The workloads every card lists; the add-on workloads (Visio … Purview) share one "also included" line. */
const CORE_WORKLOADS = new Set<string>(['Exchange', 'Teams', 'SharePoint', 'Office apps', 'Office for the web', 'Entra ID', 'Intune']);
/** Rights every Microsoft 365 suite seeds (Power Automate / Power Apps "for Office 365"): not worth a line. */
const SEEDED_TIERS = new Set(['Office 365', 'Free']);

export function licenseCardView(resolution: Resolution, options: LicenseViewOptions): LicenseCardView {
  const m = options.messages ?? messagesFor('en');
  const displayNames = new Map(resolution.skus.map((s) => [s.skuPartNumber, s.displayName]));
  const named = (parts: string[]) => m.list(parts.map((p) => displayNames.get(p) ?? p));
  const name = resolution.user.displayName ?? resolution.user.userPrincipalName ?? m.t('license.unknown-user');
  const extras = resolution.workloads.filter((w) => !CORE_WORKLOADS.has(w.workload) && w.effective && !SEEDED_TIERS.has(w.effective.tier));
  const summary = resolution.workloads
    .filter((w) => CORE_WORKLOADS.has(w.workload) && (w.effective || w.workload === 'Exchange'))
    .map((w) => {
      let value: string;
      if (!w.effective) value = w.workload === 'Exchange' ? m.t('license.summary.no-mailbox') : m.t('license.summary.none');
      else {
        const tier = tierName(m, w.effective.tier);
        const products = named(w.effective.skuPartNumbers);
        value =
          w.workload === 'Exchange' && w.addOns.length > 0
            ? m.t('license.summary.tier-addon', { tier, addOn: tierName(m, w.addOns[0].tier), products })
            : m.t('license.summary.tier', { tier, products });
      }
      return { label: workloadName(m, w.workload), value, detail: w.effective ? phraseLines(m, w.givePhrases, w.gives).join(' · ') : '' };
    });
  if (extras.length > 0) {
    const items = extras.map((w) => m.t('license.summary.also.item', { workload: workloadName(m, w.workload), tier: tierName(m, w.effective!.tier) }));
    summary.push({ label: m.t('license.summary.also'), value: m.list(items), detail: '' });
  }
  const alerts = [
    ...resolution.warnings.map((w) => ({ text: phraseText(m, w.phrase, w.message) })),
    ...resolution.conflicts.map((c) => ({ text: phraseText(m, c.phrase, c.message) })),
  ];
  const licenses = resolution.skus.map((sku) => ({
    name: sku.displayName,
    source: sku.sources.map((s) => sourceText(m, s, options.groupNames)).join(' / '),
    ...licenseNote(m, sku, named),
  }));
  const disabled = resolution.disabledPlans.map((p) => ({ text: m.t('license.disabled-plan', { plan: p.friendlyName, sku: p.skuPartNumber }) }));
  const pending = resolution.pendingPlans.map((p) => ({
    text: m.t(p.status === 'pending' ? 'license.pending-plan.provisioning' : 'license.pending-plan.suspended', { plan: p.friendlyName, sku: p.skuPartNumber }),
  }));
  return {
    lang: m.language,
    title: options.self ? m.t('license.title.self') : m.t('license.title.other', { name }),
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
    footer: m.t('license.footer', { at: m.date(options.readAt, 'dateTime') }),
    t: { licenses: m.t('license.heading.licenses'), noLicenses: m.t('license.heading.no-licenses'), turnedOff: m.t('license.heading.turned-off'), notWorkingYet: m.t('license.heading.not-working-yet') },
  };
}
