import type { GraphGateway } from '../graph/gateway';

/** "Is this person a license approver?": membership of APPROVER_GROUP_ID, asked of Graph every time (never a card). */
export type ApproverCheck = (aadObjectId: string) => Promise<boolean>;

export function approverCheck(graph: Pick<GraphGateway, 'isMemberOf'>, approverGroupId: string | undefined): ApproverCheck {
  return async (aadObjectId) => (approverGroupId ? graph.isMemberOf(aadObjectId, approverGroupId) : false);
}
