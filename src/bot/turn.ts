import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { Person } from '../requests/request';
import { tenantOf } from './middleware';
import { correlationIdOf, loggerOf } from './turn-state';

/** The person behind an activity: their Entra object id, name, and Teams MRI (for card refresh lists). */
export interface Actor extends Person {
  mri: string;
}

export type ConversationType = 'personal' | 'groupChat' | 'channel';

/**
 * Who is asking, from which tenant, in which conversation and locale: read once per activity, so handlers never
 * pick the TurnContext apart themselves. Nothing here is trusted for authorisation beyond what the Bot Framework
 * token and the tenant filter vouch for (the sender's ids); rights come from Graph and the store.
 */
export interface Turn {
  /** Undefined when the activity carries no Entra user (not from Teams): such a turn can only be told so. */
  actor?: Actor;
  tenantId?: string;
  conversationId: string;
  /** `<tenantId>_<conversationId>`: how conversations and card locations are keyed in the store. */
  conversationKey?: string;
  conversationType: ConversationType;
  /** The client's language as Teams sends it (e.g. "de-DE"); may be absent. */
  locale?: string;
  /** The message a card action was clicked on (invokes), to keep that copy of a card current. */
  replyToId?: string;
  correlationId: string;
  logger: Logger;
}

const TURN = Symbol('turn');

export function turnOf(context: TurnContext, fallbackLogger: Logger): Turn {
  const cached = context.turnState.get(TURN) as Turn | undefined;
  if (cached) return cached;
  const a = context.activity;
  const tenantId = tenantOf(context);
  const conversationId = a.conversation?.id ?? '';
  const from = a.from;
  const type = a.conversation?.conversationType;
  const turn: Turn = {
    actor: from?.aadObjectId ? { aadObjectId: from.aadObjectId, name: from.name || 'Someone', mri: from.id } : undefined,
    tenantId,
    conversationId,
    conversationKey: tenantId && conversationId ? `${tenantId}_${conversationId}` : undefined,
    conversationType: type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal',
    locale: a.locale ?? undefined,
    replyToId: a.replyToId ?? undefined,
    correlationId: correlationIdOf(context),
    logger: loggerOf(context, fallbackLogger),
  };
  context.turnState.set(TURN, turn);
  return turn;
}
