import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logging';

const CORRELATION = Symbol('correlationId');
const LOGGER = Symbol('logger');

export function setTurnDiagnostics(context: TurnContext, correlationId: string, logger: Logger): void {
  context.turnState.set(CORRELATION, correlationId);
  context.turnState.set(LOGGER, logger);
}

export function correlationIdOf(context: TurnContext): string {
  return (context.turnState.get(CORRELATION) as string | undefined) ?? 'unknown';
}

export function loggerOf(context: TurnContext, fallback: Logger): Logger {
  return (context.turnState.get(LOGGER) as Logger | undefined) ?? fallback;
}
