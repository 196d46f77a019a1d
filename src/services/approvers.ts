import type { GraphGateway } from '../graph/gateway';

/**
 * Who approves license changes: the members (transitive) of the Entra group APPROVER_GROUP_ID. The one place
 * every flow asks "is this person an approver?" and "who are the approvers?". Always answered by Graph, never
 * by card data; not cached, so removing someone from the group takes effect on their next click.
 */
export interface Approvers {
  /** False when no approver group is configured: nobody approves and requests cannot be made. */
  readonly configured: boolean;
  isApprover(aadObjectId: string): Promise<boolean>;
  /** The group's transitive user members, aadObjectIds in lower case (one paged Graph call). */
  memberIds(): Promise<Set<string>>;
}

export class ApproverGroup implements Approvers {
  constructor(
    private readonly graph: Pick<GraphGateway, 'isMemberOf' | 'getGroupMemberIds'>,
    private readonly groupId: string | undefined,
  ) {}

  get configured(): boolean {
    return Boolean(this.groupId);
  }

  async isApprover(aadObjectId: string): Promise<boolean> {
    return this.groupId ? this.graph.isMemberOf(aadObjectId, this.groupId) : false;
  }

  async memberIds(): Promise<Set<string>> {
    return new Set(this.groupId ? await this.graph.getGroupMemberIds(this.groupId) : []);
  }
}
