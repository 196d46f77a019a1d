/** Buttons of temporary licenses: Extend (an extension request), and approvers' Revert anyway / Keep on a held revert. */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logging';
import type { TemporaryLicenses } from '../services/temporary-licenses';
import { messagesOf } from './i18n';
import { ProactiveNotifier } from './proactive-notifier';
import { renderCard } from './render';
import { cardResponse, errorResponse } from './request-handlers';
import { turnOf } from './turn';
import { messageFrom } from './views/simple-views';

const ActionData = z.object({ requestId: z.string().regex(/^REQ-[A-Z0-9]{4,12}$/i), duration: z.string().max(40).optional() });

export class TemporaryHandlers {
  constructor(
    private readonly temporary: Pick<TemporaryLicenses, 'requestExtension' | 'decideHeld'>,
    private readonly logger: Logger,
  ) {}

  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnOf(context, this.logger);
    const { actor } = turn;
    const m = messagesOf(context);
    if (!actor) return errorResponse(401, 'NoUser', m.t('error.action.no-user'));
    const parsed = ActionData.safeParse(data);
    if (!parsed.success) return errorResponse(400, 'BadRequest', m.t('error.action.no-request-id'));
    const requestId = parsed.data.requestId.toUpperCase();
    const message = (key: string, values: Record<string, string | number> = {}, color: 'Warning' | 'Good' | 'Default' = 'Default') => cardResponse(renderCard('message', messageFrom(m, key, values, { color })));
    switch (verb) {
      case 'temporary.extend': {
        const outcome = await this.temporary.requestExtension(actor, requestId, parsed.data.duration ?? '');
        switch (outcome.kind) {
          case 'created':
            return cardResponse(ProactiveNotifier.card(outcome.request, 'requester', [actor.mri], m));
          case 'not-found':
            return errorResponse(404, 'NotFound', m.t('error.action.no-such-request', { id: requestId }));
          case 'not-allowed':
            turn.logger.warn({ requestId }, 'refused: extension by someone unrelated');
            return message('message.extend.not-allowed', {}, 'Warning');
          case 'not-extendable':
            return message('message.extend.not-extendable', { id: requestId }, 'Warning');
          case 'bad-duration':
            return message('message.extend.bad-duration', { text: outcome.text }, 'Warning');
          case 'already-asked':
            return message('message.extend.already-asked', { id: outcome.requestId }, 'Warning');
        }
        break;
      }
      case 'temporary.revert':
      case 'temporary.keep': {
        const outcome = await this.temporary.decideHeld(actor, requestId, verb === 'temporary.revert' ? 'revert' : 'keep');
        if (outcome.kind === 'not-found') return errorResponse(404, 'NotFound', m.t('error.action.no-such-request', { id: requestId }));
        if (outcome.kind === 'refused') {
          turn.logger.warn({ requestId, reason: outcome.reason }, 'refused: held revert decision');
          if (outcome.reason === 'own-request') return message('message.held.own-request', {}, 'Warning');
          if (outcome.reason === 'not-approver') return message('message.held.not-approver', {}, 'Warning');
          return message('message.held.already-decided', { id: requestId }, 'Warning');
        }
        return cardResponse(ProactiveNotifier.card(outcome.request, 'readonly', [], m));
      }
    }
    return errorResponse(400, 'UnknownAction', m.t('error.action.unknown', { verb: verb.slice(0, 50) }));
  }
}
