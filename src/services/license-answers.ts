/**
 * Answers to questions in people's own words — "do I have Visio?", "my mailbox is full", "E3 vs E5 for me",
 * "how many E3 are left?" — always from the tenant's data through the resolver, never invented. Who may ask about
 * whom is the same rule as `license <user>` (LicenseQueries); the data is one user read plus cached tables.
 */
import type { GraphGateway } from '../graph/gateway';
import type { UserSummary } from '../graph/types';
import type { Catalog } from '../licensing/catalog';
import { compareProducts, type ProductComparison } from '../licensing/compare-products';
import { checkFeature, freeSeats, type FeatureAnswer, type FeatureTenant } from '../licensing/feature-check';
import type { FeatureId } from '../licensing/feature-ids';
import { mailboxFacts, type MailboxFacts, type MailboxUsage } from '../licensing/mailbox-facts';
import type { PriceList } from '../licensing/prices';
import type { SubscribedSku } from '../licensing/types';
import type { Approvers } from './approvers';
import type { LicenseLookup, LicenseQueries } from './license-queries';
import { personByName } from './person-by-name';

/** Whom a question is about: the asker, an address / object id, or a name typed in words. */
export type Subject = { kind: 'self' } | { kind: 'address'; value: string } | { kind: 'name'; value: string };

export type PersonLookup = LicenseLookup | { kind: 'ambiguous'; query: string; candidates: UserSummary[] };
type Found = Extract<LicenseLookup, { kind: 'ok' }>;

export type FeatureOutcome = { kind: 'answer'; lookup: Found; answer: FeatureAnswer } | Exclude<PersonLookup, { kind: 'ok' }>;
export type MailboxOutcome = { kind: 'answer'; lookup: Found; facts: MailboxFacts; usage: MailboxUsageResult } | Exclude<PersonLookup, { kind: 'ok' }>;
export type CompareOutcome =
  | { kind: 'answer'; lookup: Found; target: TenantProduct; replacing?: TenantProduct; comparison: ProductComparison }
  /** The asker named no product, or one this tenant does not have. */
  | { kind: 'no-product'; asked?: string; products: readonly TenantProduct[] }
  | Exclude<PersonLookup, { kind: 'ok' }>;

export interface TenantProduct {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  total: number;
  consumed: number;
  free: number;
  capabilityStatus: string;
}

/** The mailbox usage report's row for a user, or why there is none. */
export type MailboxUsageResult =
  /** sizeKnown is false when the report's row leaves the size empty (a new mailbox). */
  | { kind: 'found'; usage: MailboxUsage; sizeKnown: boolean }
  | { kind: 'concealed' }
  | { kind: 'unavailable' };

export interface MailboxUsageSource {
  usageOf(user: { userPrincipalName?: string | null }): Promise<MailboxUsageResult>;
}

export interface LicenseAnswersDeps {
  licenses: LicenseQueries;
  graph: Pick<GraphGateway, 'getSubscribedSkus' | 'findUsersByName' | 'batchGetUsers'>;
  catalog: Catalog;
  prices: PriceList;
  approvers: Approvers;
  mailboxUsage: MailboxUsageSource;
}

/** How many approvers an answer names; the rest are counted. */
const APPROVERS_NAMED = 10;

export class LicenseAnswers {
  /** products() for the SKU table it was built from: the same array while Graph's table is cached. */
  private productsOf?: { skus: readonly SubscribedSku[]; products: readonly TenantProduct[] };

  constructor(private readonly deps: LicenseAnswersDeps) {}

  /** The person a question is about, with the viewing rules of `license <user>`; names may match several people. */
  async lookup(actorId: string, subject: Subject): Promise<PersonLookup> {
    const { licenses, graph } = this.deps;
    if (subject.kind === 'self') return licenses.mine(actorId);
    if (subject.kind === 'address') return licenses.of(actorId, subject.value);
    const match = await personByName(graph, subject.value);
    if (match.kind === 'none') return { kind: 'not-found', query: subject.value };
    if (match.kind === 'several') return { kind: 'ambiguous', query: subject.value, candidates: match.candidates };
    return licenses.of(actorId, match.user.id);
  }

  async feature(actorId: string, subject: Subject, feature: FeatureId): Promise<FeatureOutcome> {
    const [lookup, tenant] = await Promise.all([this.lookup(actorId, subject), this.tenant()]);
    if (lookup.kind !== 'ok') return lookup;
    return { kind: 'answer', lookup, answer: checkFeature(lookup.resolution, feature, tenant) };
  }

  async mailbox(actorId: string, subject: Subject): Promise<MailboxOutcome> {
    const [lookup, tenant] = await Promise.all([this.lookup(actorId, subject), this.tenant()]);
    if (lookup.kind !== 'ok') return lookup;
    // The usage report is a tenant-wide download (cached): read only once we know the asker may see this mailbox.
    const usage = await this.deps.mailboxUsage.usageOf(lookup.user);
    return { kind: 'answer', lookup, usage, facts: mailboxFacts(lookup.resolution, tenant, usage.kind === 'found' && usage.sizeKnown ? usage.usage : undefined) };
  }

  /**
   * "E3 vs E5 for me", "what would I gain with Business Premium": the product they do not hold yet is the target;
   * a named product they hold directly is what it would replace.
   */
  async compare(actorId: string, subject: Subject, productParts: string[]): Promise<CompareOutcome> {
    const [lookup, products] = await Promise.all([this.lookup(actorId, subject), this.products()]);
    if (lookup.kind !== 'ok') return lookup;
    const named = productParts.map((part) => products.find((p) => p.skuPartNumber.toLowerCase() === part.toLowerCase()));
    const inTenant = named.filter((p): p is TenantProduct => Boolean(p));
    if (inTenant.length === 0) return { kind: 'no-product', asked: productParts[0], products };
    const holds = (p: TenantProduct) => lookup.resolution.skus.some((s) => s.skuId === p.skuId && s.active);
    const holdsDirectly = (p: TenantProduct) =>
      lookup.resolution.skus.some((s) => s.skuId === p.skuId && s.sources.some((src) => src.source.kind === 'direct'));
    const target = [...inTenant].reverse().find((p) => !holds(p)) ?? inTenant[inTenant.length - 1];
    const replacing = inTenant.find((p) => p !== target && holdsDirectly(p));
    const comparison = compareProducts(lookup.user, target.skuId, await this.tenant(), replacing?.skuId);
    return { kind: 'answer', lookup, target, replacing, comparison };
  }

  /** Seats per product (approvers only: it is the tenant's purchasing picture). */
  async seats(actorId: string): Promise<{ kind: 'answer'; products: readonly TenantProduct[] } | { kind: 'not-approver' }> {
    if (!(await this.deps.approvers.isApprover(actorId))) return { kind: 'not-approver' };
    return { kind: 'answer', products: await this.products() };
  }

  /** Who decides requests: the approver group's members, by name. */
  async approverNames(): Promise<{ configured: boolean; names: string[]; total: number }> {
    const { approvers, graph } = this.deps;
    if (!approvers.configured) return { configured: false, names: [], total: 0 };
    const ids = [...(await approvers.memberIds())];
    const users = await graph.batchGetUsers(ids.slice(0, APPROVERS_NAMED));
    const names = [...users.values()].flatMap((u) => (u?.displayName ? [u.displayName] : [])).sort((a, b) => a.localeCompare(b));
    return { configured: true, names, total: ids.length };
  }

  /**
   * The tenant's user-assignable products with seats, by name. The same (frozen) array for as long as the gateway
   * serves the same cached SKU table, so that what is built from it per tenant (the free-text product index) is
   * built once, not on every message.
   */
  async products(): Promise<readonly TenantProduct[]> {
    const skus = await this.deps.graph.getSubscribedSkus();
    if (this.productsOf?.skus === skus) return this.productsOf.products;
    const products = Object.freeze(
      skus
        .filter((s) => (s.appliesTo ?? 'User') === 'User')
        .map((s) => Object.freeze(this.product(s)))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    );
    this.productsOf = { skus, products };
    return products;
  }

  private product(s: SubscribedSku): TenantProduct {
    return {
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      displayName: this.deps.catalog.sku(s.skuId)?.displayName ?? s.skuPartNumber,
      total: s.prepaidUnits?.enabled ?? 0,
      consumed: s.consumedUnits ?? 0,
      free: freeSeats(s),
      capabilityStatus: s.capabilityStatus ?? 'Enabled',
    };
  }

  private async tenant(): Promise<FeatureTenant> {
    return { skus: await this.deps.graph.getSubscribedSkus(), catalog: this.deps.catalog, prices: this.deps.prices };
  }
}
