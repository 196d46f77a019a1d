/**
 * Turns chat text into a command. Pure: no botbuilder types, so it is trivially testable.
 * The bot's own @mention is removed before parsing; other mentions arrive as `mentions`.
 */
export interface Mention {
  /** Teams user id (MRI, "29:…"). */
  id: string;
  name: string;
  aadObjectId?: string;
  /** The mention's text as it appears in the message, e.g. "<at>Megan Bowen</at>". */
  text: string;
}

export type UserRef =
  | { kind: 'self' }
  | { kind: 'address'; value: string }
  | { kind: 'mention'; mention: Mention }
  /** A display name as typed ("Megan Bowen", "Megan"): looked up in the directory, may match several people. */
  | { kind: 'name'; value: string };

/** A person's name: letters (any script), spaces, apostrophes, hyphens and dots; at most five words. */
const NAME = /^(?=.*\p{L})[\p{L}\p{M}][\p{L}\p{M}'’. -]{0,99}$/u;

/** One of several people: a user reference, or a display name to look up. */
export type PersonRef = UserRef | { kind: 'name'; value: string };

/** Who a request with several people is for. */
export type PeopleRef = { kind: 'people'; refs: PersonRef[] } | { kind: 'group'; name: string } | { kind: 'team' };

export type Command =
  | { kind: 'my-license' }
  | { kind: 'license'; target: UserRef }
  | { kind: 'help' }
  | { kind: 'request-form' }
  | { kind: 'request'; product: string; target: UserRef; replacing?: string; reason?: string; duration?: string }
  /** Several people, a group's members, the requester's team, or a person named by display name. */
  | { kind: 'bulk-request'; product: string; people: PeopleRef; replacing?: string; reason?: string; duration?: string }
  | { kind: 'budget'; words: string; limit: string }
  | { kind: 'budgets' }
  | { kind: 'requests' }
  | { kind: 'report' }
  | { kind: 'cancel'; requestId: string }
  | { kind: 'alerts' }
  | { kind: 'alerts-switch'; on: boolean; alertKind: string }
  | { kind: 'empty' }
  | { kind: 'too-long'; length: number }
  | { kind: 'invalid'; reason: string; usage: string; reasonCode?: string; reasonValues?: Record<string, string | number> }
  | { kind: 'unknown'; text: string };

export const MAX_COMMAND_LENGTH = 1_000;

const MY_LICENSE = /^(?:my\s+licen[cs]es?|what\s+licen[cs]es?\s+(?:do\s+i\s+have|have\s+i\s+got)|show\s+my\s+licen[cs]es?)\s*[?.!]*$/i;
const HELP = /^(?:help|\?|hi|hello|hey|commands|menu)\s*[?.!]*$/i;
const LICENSE_OF = /^licen[cs]es?(?:\s+(?:of|for))?\s+(.+)$/i;
const ADDRESS = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;

/** Collapses whitespace, strips control characters and HTML Teams may leave around text. */
export function normaliseText(text: string): string {
  return text
    .replace(/<(?!\/?at>)[^>]*>/gi, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `error` is English; `code` + `values` say the same for the message catalogs (parse.*). */
export type UserRefError = { error: string; code: string; values?: Record<string, string | number> };

export function parseUserRef(text: string, mentions: readonly Mention[]): UserRef | UserRefError {
  const value = text.trim().replace(/^mailto:/i, '');
  if (/^(me|myself)$/i.test(value)) return { kind: 'self' };
  const mention = mentions.find((m) => value === normaliseText(m.text) || value === `@${m.name}` || value === m.name);
  if (mention) return { kind: 'mention', mention };
  if (/^<at>.*<\/at>$/i.test(value)) return { error: 'I could not read that @mention; type their email address instead.', code: 'parse.bad-mention' };
  if (ADDRESS.test(value) && value.length <= 254) return { kind: 'address', value };
  // An Entra object id (what a card sends back after an @mention was resolved).
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return { kind: 'address', value };
  if (NAME.test(value) && value.split(/\s+/).length <= 5) return { kind: 'name', value: value.replace(/\s+/g, ' ') };
  return { error: `"${value.slice(0, 80)}" is not an email address, a UPN or an @mention.`, code: 'parse.not-a-user', values: { text: value.slice(0, 80) } };
}

export function parseCommand(rawText: string | undefined | null, mentions: readonly Mention[] = []): Command {
  if (!rawText) return { kind: 'empty' };
  if (rawText.length > MAX_COMMAND_LENGTH) return { kind: 'too-long', length: rawText.length };
  const text = normaliseText(rawText);
  if (!text) return { kind: 'empty' };
  if (MY_LICENSE.test(text)) return { kind: 'my-license' };
  if (HELP.test(text)) return { kind: 'help' };
  // Before "license <user>": "license report" is the report, not a user called "report".
  if (/^(?:licen[cs]e\s+)?reports?\s*[?.!]*$/i.test(text)) return { kind: 'report' };
  const licenseOf = LICENSE_OF.exec(text);
  if (licenseOf) {
    const target = parseUserRef(licenseOf[1], mentions);
    if ('error' in target) return { kind: 'invalid', reason: target.error, usage: 'license ‹user›', reasonCode: target.code, reasonValues: target.values };
    return target.kind === 'self' ? { kind: 'my-license' } : { kind: 'license', target };
  }
  if (/^licen[cs]es?\s*$/i.test(text)) return { kind: 'invalid', reason: 'Whose licenses? Add a user.', usage: 'license ‹user›', reasonCode: 'parse.whose-licenses' };
  if (/^requests\s*[?.!]*$/i.test(text) || /^my\s+requests\s*$/i.test(text)) return { kind: 'requests' };
  if (/^request\s*$/i.test(text)) return { kind: 'request-form' };
  if (/^request\s+/i.test(text)) return parseRequest(text.replace(/^request\s+/i, ''), mentions);
  if (/^(?:my\s+)?alerts?\s*[?.!]*$/i.test(text)) return { kind: 'alerts' };
  const alertSwitch = /^alerts?\s+(on|off)(?:\s+(.+?))?\s*[.!]*$/i.exec(text);
  if (alertSwitch) {
    if (!alertSwitch[2]) return { kind: 'invalid', reason: `Which alerts? Name a kind: ${ALERT_KIND_WORDS}.`, usage: `alerts ${alertSwitch[1].toLowerCase()} ‹kind›` };
    return { kind: 'alerts-switch', on: alertSwitch[1].toLowerCase() === 'on', alertKind: alertSwitch[2] };
  }
  if (/^budgets\s*[?.!]*$/i.test(text)) return { kind: 'budgets' };
  const budget = /^budget\s+(.+?)\s+(\d{1,7}|off|none|remove)\s*$/i.exec(text);
  if (budget) return { kind: 'budget', words: budget[1], limit: budget[2].toLowerCase() };
  if (/^budget\b/i.test(text)) return { kind: 'invalid', reason: 'Say the department or group, the product and the number of seats.', usage: BUDGET_USAGE, reasonCode: 'parse.budget' };
  const cancel = /^cancel\s+(?:request\s+)?(REQ-[A-Z0-9]{4,12})\s*$/i.exec(text);
  if (cancel) return { kind: 'cancel', requestId: cancel[1].toUpperCase() };
  return { kind: 'unknown', text };
}

const ALERT_KIND_WORDS = 'group-errors, seats, subscriptions, mailboxes, watch, digest';

export const REQUEST_USAGE = 'request ‹product› for ‹user|me› [replacing ‹product›] [because ‹reason›]';
export const BUDGET_USAGE = 'budget ‹department|group› ‹product› ‹n›';
/** "for 30 days", "for 10 minutes", "until 2027-03-31" (anywhere before "because"). */
const DURATION = /\s+(for\s+\d{1,4}\s*(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mo)|until\s+\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?)(?=\s|$)/i;

/** "a, b and c" → people; "members of <group>"; "my team"; one display name → a person to look up. */
export function parsePeople(text: string, mentions: readonly Mention[]): PeopleRef | UserRef | UserRefError {
  const value = text.trim();
  if (/^(?:my\s+)?team$/i.test(value) || /^my\s+(?:direct\s+)?reports$/i.test(value)) return { kind: 'team' };
  const group = /^(?:the\s+)?members\s+of\s+(?:the\s+)?(?:group\s+)?(.+)$/i.exec(value);
  if (group) return { kind: 'group', name: group[1].trim().replace(/^["'“”]+|["'“”]+$/g, '') };
  const parts = value.split(/\s*[,;]\s*|\s+and\s+/i).map((p) => p.trim()).filter(Boolean);
  const refOf = (part: string): PersonRef | UserRefError => {
    const ref = parseUserRef(part, mentions);
    if (!('error' in ref)) return ref;
    return NAME.test(part) && !/^<at>/i.test(part) ? { kind: 'name', value: part } : ref;
  };
  if (parts.length <= 1) {
    const single = refOf(value);
    return 'error' in single || single.kind !== 'name' ? single : { kind: 'people', refs: [single] };
  }
  const refs: PersonRef[] = [];
  for (const part of parts) {
    const ref = refOf(part);
    if ('error' in ref) return ref;
    refs.push(ref);
  }
  return { kind: 'people', refs };
}
export const MAX_REASON_LENGTH = 500;

/** "E3 for me replacing Business Basic because needs desktop apps" — product names may contain "for". */
function parseRequest(rest: string, mentions: readonly Mention[]): Command {
  let body = rest;
  let reason: string | undefined;
  const because = /\s+because\s+/i.exec(body);
  if (because) {
    reason = body.slice(because.index + because[0].length).trim();
    body = body.slice(0, because.index);
  }
  let duration: string | undefined;
  const durationMatch = DURATION.exec(body);
  if (durationMatch) {
    duration = durationMatch[1].replace(/^for\s+/i, '').trim();
    body = body.slice(0, durationMatch.index) + body.slice(durationMatch.index + durationMatch[0].length);
  }
  let replacing: string | undefined;
  const replacingMatch = /\s+replacing\s+/i.exec(body);
  if (replacingMatch) {
    replacing = body.slice(replacingMatch.index + replacingMatch[0].length).trim();
    body = body.slice(0, replacingMatch.index);
  }
  const forIndex = body.toLowerCase().lastIndexOf(' for ');
  if (forIndex < 0) return { kind: 'invalid', reason: 'Who is it for? Add "for me" or "for ‹user›".', usage: REQUEST_USAGE, reasonCode: 'parse.who-for' };
  const product = body.slice(0, forIndex).trim();
  const targetText = body.slice(forIndex + 5).trim();
  if (!product) return { kind: 'invalid', reason: 'Which product? Name it by part number (SPE_E3) or name (Microsoft 365 E3).', usage: REQUEST_USAGE, reasonCode: 'parse.which-product' };
  if (replacing === '') return { kind: 'invalid', reason: 'Replacing what? Name the license to remove.', usage: REQUEST_USAGE, reasonCode: 'parse.replacing-what' };
  if (reason !== undefined && reason.length > MAX_REASON_LENGTH) {
    return { kind: 'invalid', reason: `The reason is too long (${reason.length} characters; at most ${MAX_REASON_LENGTH}).`, usage: REQUEST_USAGE, reasonCode: 'parse.reason-too-long', reasonValues: { length: reason.length, max: MAX_REASON_LENGTH } };
  }
  const people = parsePeople(targetText, mentions);
  if ('error' in people) return { kind: 'invalid', reason: people.error, usage: REQUEST_USAGE, reasonCode: people.code, reasonValues: people.values };
  const extras = { ...(replacing ? { replacing } : { replacing: undefined }), reason: reason || undefined, ...(duration ? { duration } : {}) };
  if (people.kind === 'people' || people.kind === 'group' || people.kind === 'team') return { kind: 'bulk-request', product, people, ...extras };
  return { kind: 'request', product, target: people, ...extras };
}
