import type { Catalog } from '../licensing/catalog';
import { withGroupNames } from '../licensing/group-names';
import type { Resolution } from '../licensing/resolution';
import { resolve } from '../licensing/resolver';
import { canViewLicenses } from '../requests/policy';
import type { Approvers } from './approvers';
import { isGraphRequestError } from '../graph/errors';
import type { GraphGateway } from '../graph/gateway';
import type { GraphUser } from '../graph/types';

export type LicenseLookup =
  | { kind: 'ok'; user: GraphUser; resolution: Resolution; groupNames: Map<string, string>; self: boolean; readAt: Date }
  | { kind: 'not-found'; query: string }
  | { kind: 'refused'; targetName: string };

export interface LicenseQueriesDeps {
  graph: GraphGateway;
  catalog: Catalog;
  approvers: Pick<Approvers, 'isApprover'>;
  now?: () => Date;
}

/** Answers "what licenses does X have" with the caller's rights checked against Graph, never against the card. */
export class LicenseQueries {
  private readonly graph: GraphGateway;
  private readonly catalog: Catalog;

  constructor(private readonly deps: LicenseQueriesDeps) {
    this.graph = deps.graph;
    this.catalog = deps.catalog;
  }

  /** The caller's own licenses: one Graph request for the user plus the cached SKU table. */
  async mine(aadObjectId: string): Promise<LicenseLookup> {
    const [user, skus] = await Promise.all([this.graph.getUser(aadObjectId), this.graph.getSubscribedSkus()]);
    return this.answer(user, skus, true);
  }

  /** Another user's licenses, if the caller is in their manager chain or an approver. */
  async of(actorId: string, query: string): Promise<LicenseLookup> {
    const target = await this.graph.findUser(query);
    if (!target) return { kind: 'not-found', query };
    if (target.id.toLowerCase() === actorId.toLowerCase()) return this.answer(target, await this.graph.getSubscribedSkus(), true);
    const [chain, actorIsApprover] = await Promise.all([
      // The target vanishing between the two reads is "no such user", not "you are not in the directory".
      this.graph.getManagerChain(target.id).then((c) => c.map((m) => m.id), (error: unknown) => (isGraphRequestError(error, 'not-found') ? null : Promise.reject(error))),
      this.deps.approvers.isApprover(actorId),
    ]);
    if (chain === null) return { kind: 'not-found', query };
    const decision = canViewLicenses({ actorId, targetId: target.id, targetManagerChain: chain, actorIsApprover });
    if (!decision.allowed) return { kind: 'refused', targetName: target.displayName ?? query };
    return this.answer(target, await this.graph.getSubscribedSkus(), false);
  }

  private async answer(user: GraphUser, skus: Awaited<ReturnType<GraphGateway['getSubscribedSkus']>>, self: boolean): Promise<LicenseLookup> {
    const resolution = resolve(user, skus, this.catalog);
    const groupIds = [...new Set(resolution.skus.flatMap((s) => s.sources.flatMap((src) => (src.source.kind === 'group' ? [src.source.groupId] : []))))];
    const groupNames = new Map<string, string>();
    if (groupIds.length > 0) {
      for (const [id, name] of await this.graph.getGroupNames(groupIds)) groupNames.set(id, name);
    }
    return { kind: 'ok', user, resolution: withGroupNames(resolution, groupNames), groupNames, self, readAt: this.deps.now?.() ?? new Date() };
  }
}
