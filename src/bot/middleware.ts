import { randomUUID } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../logging';
import { setTurnDiagnostics } from './turn-state';

/** Gives every activity a correlation id and a child logger; logs the activity's shape, never its text. */
export function diagnosticsMiddleware(logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const correlationId = randomUUID();
      const a = context.activity;
      const child = logger.child({ correlationId, activityType: a.type, activityName: a.name, conversationType: a.conversation?.conversationType });
      setTurnDiagnostics(context, correlationId, child);
      child.info({ tenantId: tenantOf(context), textLength: a.text?.length ?? 0 }, 'activity');
      await next();
    },
  };
}

export function tenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  const fromChannelData = (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return (a.conversation?.tenantId ?? fromChannelData)?.toLowerCase();
}

/**
 * Refuses activities from tenants outside the allow-list, for every activity type. Invokes get an
 * explicit 403 (otherwise the adapter would answer 501); other activities are dropped without a reply.
 */
export function tenantFilterMiddleware(allowedTenantIds: () => readonly string[], logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const tenant = tenantOf(context);
      const allowed = allowedTenantIds();
      if (tenant && allowed.includes(tenant)) return next();
      logger.warn({ tenantId: tenant ?? null, activityType: context.activity.type, from: context.activity.from?.aadObjectId }, 'refused: tenant not allowed');
      if (context.activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: { status: 403, body: { statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'TenantNotAllowed', message: 'This tenant may not use License Desk.' } } },
        });
      }
    },
  };
}
