/**
 * Every check a license change must pass before it is stored for approval, and again right before it runs.
 * Pure: the facts come in (read from Graph by the caller), a plan or a refusal with a clear reason comes out.
 */
import type { Catalog } from '../licensing/catalog';
import { applyChange, diff, type LicenseDiff } from '../licensing/diff';
import { phrase, type Phrase } from '../licensing/phrase';
import { findProduct } from '../licensing/product-lookup';
import type { Resolution } from '../licensing/resolution';
import { resolve } from '../licensing/resolver';
import type { SubscribedSku, UserLicenseState } from '../licensing/types';
import type { ProductRef } from './request';

export interface MailboxFacts {
  storageUsedBytes?: number;
  hasArchive?: boolean;
  litigationHoldEnabled?: boolean;
  /** The usage report conceals names (tenant setting), so this mailbox could not be found in it. */
  namesConcealed?: boolean;
}

export interface PreflightInput {
  target: UserLicenseState & { id: string; displayName?: string | null; usageLocation?: string | null };
  tenantSkus: readonly SubscribedSku[];
  catalog: Catalog;
  productText: string;
  replacingText?: string;
  /** From the mailbox usage report; undefined when the report could not be read or conceals names. */
  mailbox?: MailboxFacts;
  confirmedNoMailbox: boolean;
  /** The user's open requests (pending, approved, executing): one for the same product is a duplicate. */
  openRequests: ReadonlyArray<{ id: string; addSkuId: string }>;
}

export interface Plan {
  add: ProductRef;
  remove?: ProductRef;
  current: Resolution;
  proposed: Resolution;
  diff: LicenseDiff;
  seats: { total: number; consumed: number; free: number };
  /** Not blocking: shown to requester and approvers. */
  notices: string[];
  /** The same as catalog phrases (preflight.*), aligned with `notices`. */
  noticePhrases: Phrase[];
}

export type Refusal =
  | { kind: 'unknown-product'; text: string; suggestions: ProductRef[] }
  | { kind: 'ambiguous-product'; text: string; candidates: ProductRef[] }
  | { kind: 'not-assignable'; product: ProductRef; why: string; whyPhrase: Phrase }
  | { kind: 'replace-not-held'; product: ProductRef; held: ProductRef[] }
  | { kind: 'replace-inherited'; product: ProductRef; groupIds: string[]; /** Filled by the caller from Graph, same order. */ groupNames?: Array<string | undefined> }
  | { kind: 'same-product' }
  | { kind: 'already-has'; product: ProductRef; coveredBy: string[] }
  /** The new product would add nothing: a superior plan stays (e.g. the same SKU through a group). */
  | { kind: 'redundant-on-arrival'; product: ProductRef; coveredBy: string[]; viaGroup: boolean }
  | { kind: 'no-usage-location' }
  | { kind: 'mailbox-guard'; problems: string[]; problemPhrases: Phrase[] }
  | { kind: 'no-mailbox-left'; losses: string[]; lossPhrases: Phrase[] }
  | { kind: 'duplicate'; requestIds: string[] };

export type PreflightResult = { ok: true; plan: Plan } | { ok: false; refusal: Refusal };

const GB = 1_000_000_000;

function productRef(sku: SubscribedSku, catalog: Catalog): ProductRef {
  return { skuId: sku.skuId.toLowerCase(), skuPartNumber: sku.skuPartNumber, displayName: catalog.sku(sku.skuId)?.displayName ?? sku.skuPartNumber };
}

function lookup(text: string, products: ProductRef[]): { ok: true; product: ProductRef } | { ok: false; refusal: Refusal } {
  const result = findProduct(text, products);
  if (result.kind === 'found') return { ok: true, product: result.product };
  if (result.kind === 'ambiguous') return { ok: false, refusal: { kind: 'ambiguous-product', text, candidates: result.candidates } };
  return { ok: false, refusal: { kind: 'unknown-product', text, suggestions: result.suggestions } };
}

export function seatsOf(sku: SubscribedSku): { total: number; consumed: number; free: number } {
  const total = sku.prepaidUnits?.enabled ?? 0;
  const consumed = sku.consumedUnits ?? 0;
  return { total, consumed, free: Math.max(0, total - consumed) };
}

export function preflight(input: PreflightInput): PreflightResult {
  const { catalog, target } = input;
  const products = input.tenantSkus.map((s) => productRef(s, catalog));
  const wanted = lookup(input.productText, products);
  if (!wanted.ok) return wanted;
  const addSku = input.tenantSkus.find((s) => s.skuId.toLowerCase() === wanted.product.skuId)!;
  if ((addSku.appliesTo ?? 'User') !== 'User') return { ok: false, refusal: { kind: 'not-assignable', product: wanted.product, why: 'it is a tenant-wide product, not one assigned to users', whyPhrase: phrase('preflight.not-assignable.tenant-wide') } };
  if (['suspended', 'deleted', 'lockedout'].includes((addSku.capabilityStatus ?? 'Enabled').toLowerCase())) {
    return { ok: false, refusal: { kind: 'not-assignable', product: wanted.product, why: `its subscription is ${addSku.capabilityStatus}`, whyPhrase: phrase('preflight.not-assignable.subscription', { status: String(addSku.capabilityStatus) }) } };
  }

  const current = resolve(target, input.tenantSkus, catalog);
  let remove: ProductRef | undefined;
  if (input.replacingText) {
    const held = current.skus.map((s) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber, displayName: s.displayName }));
    const found = lookup(input.replacingText, held);
    if (!found.ok) {
      const inTenant = lookup(input.replacingText, products);
      if (inTenant.ok) return { ok: false, refusal: { kind: 'replace-not-held', product: inTenant.product, held } };
      return found;
    }
    remove = found.product;
    if (remove.skuId === wanted.product.skuId) return { ok: false, refusal: { kind: 'same-product' } };
    const sources = current.skus.find((s) => s.skuId === remove!.skuId)!.sources;
    if (!sources.some((s) => s.source.kind === 'direct')) {
      const groupIds = sources.flatMap((s) => (s.source.kind === 'group' ? [s.source.groupId] : []));
      return { ok: false, refusal: { kind: 'replace-inherited', product: remove, groupIds } };
    }
  }

  const heldAlready = current.skus.find((s) => s.skuId === wanted.product.skuId && s.active);
  const proposedUser = applyChange(target, {
    addLicenses: heldAlready ? [] : [{ skuId: wanted.product.skuId, disabledPlans: [] }],
    removeLicenses: remove ? [remove.skuId] : [],
  });
  const proposed = resolve(proposedUser, input.tenantSkus, catalog);
  const change = diff(current, proposed);
  if (heldAlready && !remove) {
    return { ok: false, refusal: { kind: 'already-has', product: wanted.product, coveredBy: [wanted.product.skuPartNumber] } };
  }
  if (!remove && change.noEffectiveChange) {
    const covering = current.skus.filter((s) => s.active).map((s) => s.skuPartNumber);
    return { ok: false, refusal: { kind: 'already-has', product: wanted.product, coveredBy: covering } };
  }
  if (heldAlready && remove && !heldAlready.sources.some((s) => s.source.kind === 'direct')) {
    // Already theirs through a group: assigning it directly as well would only be billed twice.
    return { ok: false, refusal: { kind: 'redundant-on-arrival', product: wanted.product, coveredBy: [wanted.product.skuPartNumber], viaGroup: true } };
  }
  const arriving = heldAlready ? undefined : proposed.skus.find((s) => s.skuId === wanted.product.skuId);
  if (arriving?.redundant) {
    return { ok: false, refusal: { kind: 'redundant-on-arrival', product: wanted.product, coveredBy: arriving.coveredBy, viaGroup: false } };
  }
  if (!target.usageLocation) return { ok: false, refusal: { kind: 'no-usage-location' } };
  const duplicates = input.openRequests.filter((r) => r.addSkuId.toLowerCase() === wanted.product.skuId).map((r) => r.id);
  if (duplicates.length > 0) return { ok: false, refusal: { kind: 'duplicate', requestIds: duplicates } };

  const guard = mailboxGuard(change, input.mailbox);
  if (guard.problems.length > 0) return { ok: false, refusal: { kind: 'mailbox-guard', problems: guard.problems, problemPhrases: guard.phrases } };
  if (change.leavesNoMailbox && !input.confirmedNoMailbox) {
    const usedGB = input.mailbox?.storageUsedBytes !== undefined ? Number((input.mailbox.storageUsedBytes / GB).toFixed(1)) : undefined;
    const inUse = [
      usedGB !== undefined ? `${usedGB.toFixed(1)} GB of mail` : undefined,
      input.mailbox?.hasArchive ? 'an archive mailbox' : undefined,
      input.mailbox?.litigationHoldEnabled ? 'a Litigation Hold' : undefined,
    ].filter((x): x is string => Boolean(x));
    const inUsePhrase = phrase('preflight.in-use', {
      items: {
        phrases: [
          ...(usedGB !== undefined ? [phrase('preflight.in-use.mail', { gb: usedGB })] : []),
          ...(input.mailbox?.hasArchive ? [phrase('preflight.in-use.archive')] : []),
          ...(input.mailbox?.litigationHoldEnabled ? [phrase('preflight.in-use.hold')] : []),
        ],
      },
    });
    const losses = inUse.length > 0 ? [...change.losses, `In use now: ${inUse.join(', ')}`] : change.losses;
    const lossPhrases = inUse.length > 0 ? [...change.lossPhrases, inUsePhrase] : change.lossPhrases;
    return { ok: false, refusal: { kind: 'no-mailbox-left', losses, lossPhrases } };
  }

  const seats = seatsOf(addSku);
  const notices: string[] = [];
  const noticePhrases: Phrase[] = [];
  if (!heldAlready && seats.free === 0) {
    notices.push(`No free ${wanted.product.displayName} seat (${seats.consumed} of ${seats.total} in use). Approval waits until a seat is free: buy one or free one.`);
    noticePhrases.push(phrase('preflight.notice.no-seat', { product: wanted.product.displayName, consumed: seats.consumed, total: seats.total }));
  }
  if (change.exchange.quotaChangeGB < 0 && input.mailbox?.namesConcealed) {
    notices.push(
      'Mailbox size unknown: this tenant conceals user names in usage reports, so the mailbox guard cannot check it. Check the mailbox size before approving, or turn concealment off: Microsoft 365 admin center → Settings → Org settings → Reports → "Display concealed user, group, and site names in all reports".',
    );
  } else if (change.exchange.quotaChangeGB < 0 && input.mailbox?.storageUsedBytes === undefined) {
    notices.push('Mailbox usage could not be read (report unavailable or concealed); check the mailbox size before approving.');
    noticePhrases.push(phrase('preflight.notice.usage-unknown'));
  }
  if (change.leavesNoMailbox) {
    notices.push('Confirmed by the requester: the user will have no mailbox; it is disconnected and deleted after 30 days.');
    noticePhrases.push(phrase('preflight.notice.no-mailbox-confirmed'));
  }
  return { ok: true, plan: { add: wanted.product, remove, current, proposed, diff: change, seats, notices, noticePhrases } };
}

/** The mailbox guard: a downgrade must not cut below what is in use. */
export function mailboxProblems(change: LicenseDiff, mailbox: MailboxFacts | undefined): string[] {
  return mailboxGuard(change, mailbox).problems;
}

function mailboxGuard(change: LicenseDiff, mailbox: MailboxFacts | undefined): { problems: string[]; phrases: Phrase[] } {
  const to = change.exchange.to;
  const problems: string[] = [];
  const phrases: Phrase[] = [];
  // Losing the mailbox altogether is its own question (confirmed or refused), not a downgrade.
  if (!mailbox || !change.exchange.from.mailbox || !to.mailbox) return { problems, phrases };
  if (change.exchange.quotaChangeGB < 0 && mailbox.storageUsedBytes !== undefined) {
    const usedGB = mailbox.storageUsedBytes / GB;
    if (usedGB >= to.mailboxQuotaGB * 0.99) {
      problems.push(`The mailbox holds ${usedGB.toFixed(1)} GB but the new plan allows ${to.mailboxQuotaGB} GB: it would stop sending mail.`);
      phrases.push(phrase('preflight.guard.quota', { used: Number(usedGB.toFixed(1)), quota: to.mailboxQuotaGB }));
    }
  }
  if (mailbox.hasArchive && change.exchange.archiveLost && to.archive === 'none') {
    problems.push('The user has an archive mailbox in use; the new plan has no archive.');
    phrases.push(phrase('preflight.guard.archive'));
  }
  if (mailbox.litigationHoldEnabled && change.exchange.holdLost) {
    problems.push('The mailbox is on Litigation Hold; the new plan does not include hold.');
    phrases.push(phrase('preflight.guard.hold'));
  }
  return { problems, phrases };
}
