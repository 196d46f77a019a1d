import type { CardLocation, LicenseRequest } from '../requests/request';

/**
 * What to tell a person, as a message-catalog key and its values: the notifier words it in the recipient's
 * language (`<key>.title` and `<key>.text`), since it alone knows who reads it.
 */
export interface Notice {
  key: string;
  values?: Record<string, string | number>;
  /** Buttons under the message (Action.Execute): a catalog key for the title, the verb and its data. */
  actions?: Array<{ key: string; verb: string; data: Record<string, unknown> }>;
  /** An input above the buttons (e.g. how long to extend), with its catalog label key and default value. */
  input?: { id: string; key: string; value: string };
}

/**
 * How the request flow reaches people in Teams. Implemented in src/bot with proactive messages; the request
 * logic stays free of botbuilder.
 */
export interface RequestNotifier {
  /** Posts the request card to a person's personal chat with the bot; undefined when the bot is not installed for them. */
  postRequestCard(request: LicenseRequest, role: 'approver' | 'requester', aadObjectId: string): Promise<CardLocation | undefined>;
  /** Posts the request card to the configured approvals channel, if any. */
  postChannelCard(request: LicenseRequest): Promise<CardLocation | undefined>;
  /** Re-renders every copy of the request card with the request's current state. */
  updateRequestCards(request: LicenseRequest): Promise<void>;
  /** A short proactive message to a person's personal chat, in their language; false when it could not be delivered. */
  tell(aadObjectId: string, notice: Notice, request?: LicenseRequest): Promise<boolean>;
  /** People who have the bot installed in a personal chat (aadObjectIds). */
  reachablePeople(): Promise<string[]>;
}
