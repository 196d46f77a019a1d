import type { LicenseDuration } from '../../requests/duration';
import type { BudgetCheck } from '../../requests/budget';
import type { LicenseRequest } from '../../requests/request';
import type { Messages } from '../i18n';

/** "30 days", "10 minutes", "until 31 Mar 2027" in the reader's language. */
export function durationWords(m: Messages, d: LicenseDuration): string {
  if (d.kind === 'until') return m.t('duration.until', { at: m.date(d.at, 'dateTime') });
  return m.t('duration.for', { amount: d.amount, unit: d.unit });
}

/** The card's "Until" fact for a temporary change (and its revert), or undefined for a permanent one. */
export function temporaryFact(m: Messages, r: LicenseRequest): { title: string; value: string } | undefined {
  const t = r.temporary;
  if (r.extension) {
    const to = r.extension.toEndsAt;
    return { title: m.t('request.fact.extend'), value: to ? m.t('temporary.extended-to', { at: m.date(to, 'dateTime') }) : m.t('temporary.extend-by', { duration: durationWords(m, r.extension.duration), from: m.date(r.extension.fromEndsAt, 'dateTime') }) };
  }
  if (!t) return undefined;
  const until = t.endsAt ? m.date(t.endsAt, 'dateTime') : '';
  switch (t.state) {
    case 'scheduled':
      return { title: m.t('request.fact.until'), value: t.endsAt ? m.t('temporary.until', { at: until }) : m.t('temporary.from-approval', { duration: durationWords(m, t.duration) }) };
    case 'active':
    case 'reverting':
      return { title: m.t('request.fact.until'), value: m.t('temporary.active', { at: until }) };
    case 'reverted':
      return { title: m.t('request.fact.until'), value: m.t('temporary.reverted', { at: m.date(t.revert?.finishedAt ?? until, 'dateTime') }) };
    case 'held':
      return { title: m.t('request.fact.until'), value: m.t('temporary.held', { at: until }) };
    case 'kept':
      return { title: m.t('request.fact.until'), value: m.t('temporary.kept', { by: t.revert?.decidedBy?.name ?? '' }) };
    case 'failed':
      return { title: m.t('request.fact.until'), value: m.t('temporary.revert-failed', { at: until }) };
  }
}

/** "Finance: 8 of 10 Microsoft 365 E3 used" (+ what the request adds), for requesters and approvers alike. */
export function budgetFacts(m: Messages, checks: readonly BudgetCheck[] | undefined): Array<{ title: string; value: string }> {
  return (checks ?? []).map((c) => ({ title: m.t('request.fact.budget'), value: m.t('budget.use', { scope: scopeName(m, c.scope), used: c.used, limit: c.limit, product: c.product.displayName, adds: c.adds }) }));
}

export function overBudgetNotices(m: Messages, checks: readonly BudgetCheck[] | undefined): string[] {
  return (checks ?? []).filter((c) => c.over).map((c) => m.t('budget.over', { scope: scopeName(m, c.scope), after: c.used + c.adds, limit: c.limit, product: c.product.displayName }));
}

export function scopeName(m: Messages, scope: BudgetCheck['scope']): string {
  return scope.kind === 'group' ? m.t('budget.scope.group', { name: scope.name }) : scope.name;
}
