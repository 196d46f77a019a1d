import type { TurnContext } from 'botbuilder';
import { messagesFor, type Messages } from './messages';

/**
 * The reader's messages for this turn: Teams puts the client's language on every message and invoke
 * (`activity.locale`, e.g. de-DE). Cheap: one cached formatter per language.
 */
export function messagesOf(context: TurnContext): Messages {
  return messagesFor(context.activity.locale);
}
