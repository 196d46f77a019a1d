/** `budget <department|group> <product> <n|off>` and `budgets` (approvers). */
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import type { Approvers } from '../services/approvers';
import type { BudgetService } from '../services/budgets';
import { messagesOf } from './i18n';
import { renderCard } from './render';
import { turnOf } from './turn';
import { messageFrom } from './views/simple-views';
import { scopeName } from './views/temporary-text';

export class BudgetHandlers {
  constructor(
    private readonly budgets: BudgetService,
    private readonly approvers: Pick<Approvers, 'isApprover'>,
    private readonly logger: Logger,
  ) {}

  async set(context: TurnContext, words: string, limit: string): Promise<void> {
    const { actor, logger } = turnOf(context, this.logger);
    const m = messagesOf(context);
    if (!actor) return this.send(context, messageFrom(m, 'message.no-user', {}, { color: 'Warning' }));
    const outcome = await this.budgets.set(actor, words, limit);
    switch (outcome.kind) {
      case 'not-approver':
        logger.warn({}, 'refused: budget set by a non-approver');
        return this.send(context, messageFrom(m, 'message.budget.approvers-only', {}, { color: 'Warning' }));
      case 'bad-limit':
        return this.send(context, messageFrom(m, 'message.budget.bad-limit', { text: outcome.text }, { color: 'Warning' }));
      case 'unknown-product':
        return this.send(context, messageFrom(m, 'message.budget.unknown-product', { text: outcome.text }, { color: 'Warning' }));
      case 'unknown-scope':
      case 'not-found':
        return this.send(context, messageFrom(m, 'message.budget.unknown-scope', { text: outcome.text }, { color: 'Warning' }));
      case 'removed':
        return this.send(context, messageFrom(m, 'message.budget.removed', { scope: scopeName(m, outcome.scope), product: outcome.product.displayName }, { color: 'Good' }));
      case 'set':
        return this.send(
          context,
          messageFrom(m, 'message.budget.set', { scope: scopeName(m, outcome.budget.scope), product: outcome.budget.product.displayName, limit: outcome.budget.limit, used: outcome.use.used }, { color: outcome.use.used > outcome.budget.limit ? 'Warning' : 'Good' }),
        );
    }
  }

  async list(context: TurnContext): Promise<void> {
    const { actor } = turnOf(context, this.logger);
    const m = messagesOf(context);
    if (!actor) return this.send(context, messageFrom(m, 'message.no-user', {}, { color: 'Warning' }));
    if (!(await this.approvers.isApprover(actor.aadObjectId))) return this.send(context, messageFrom(m, 'message.budget.approvers-only', {}, { color: 'Warning' }));
    const checks = await this.budgets.listWithUse();
    if (checks.length === 0) return this.send(context, messageFrom(m, 'message.budgets.none'));
    const items = checks.map((c) => m.t(c.used > c.limit ? 'budgets.row.over' : 'budgets.row', { scope: scopeName(m, c.scope), used: c.used, limit: c.limit, product: c.product.displayName }));
    return this.send(context, { ...messageFrom(m, 'message.budgets', { count: checks.length }), items });
  }

  private async send(context: TurnContext, view: object): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(renderCard('message', view))));
  }
}
