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

export type UserRef = { kind: 'self' } | { kind: 'address'; value: string } | { kind: 'mention'; mention: Mention };

export type Command =
  | { kind: 'my-license' }
  | { kind: 'license'; target: UserRef }
  | { kind: 'help' }
  | { kind: 'empty' }
  | { kind: 'too-long'; length: number }
  | { kind: 'invalid'; reason: string; usage: string }
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

export function parseUserRef(text: string, mentions: readonly Mention[]): UserRef | { error: string } {
  const value = text.trim().replace(/^mailto:/i, '');
  if (/^(me|myself)$/i.test(value)) return { kind: 'self' };
  const mention = mentions.find((m) => value === normaliseText(m.text) || value === `@${m.name}` || value === m.name);
  if (mention) return { kind: 'mention', mention };
  if (/^<at>.*<\/at>$/i.test(value)) return { error: 'I could not read that @mention; type their email address instead.' };
  if (ADDRESS.test(value) && value.length <= 254) return { kind: 'address', value };
  return { error: `"${value.slice(0, 80)}" is not an email address, a UPN or an @mention.` };
}

export function parseCommand(rawText: string | undefined | null, mentions: readonly Mention[] = []): Command {
  if (!rawText) return { kind: 'empty' };
  if (rawText.length > MAX_COMMAND_LENGTH) return { kind: 'too-long', length: rawText.length };
  const text = normaliseText(rawText);
  if (!text) return { kind: 'empty' };
  if (MY_LICENSE.test(text)) return { kind: 'my-license' };
  if (HELP.test(text)) return { kind: 'help' };
  const licenseOf = LICENSE_OF.exec(text);
  if (licenseOf) {
    const target = parseUserRef(licenseOf[1], mentions);
    if ('error' in target) return { kind: 'invalid', reason: target.error, usage: 'license <user>' };
    return target.kind === 'self' ? { kind: 'my-license' } : { kind: 'license', target };
  }
  if (/^licen[cs]es?\s*$/i.test(text)) return { kind: 'invalid', reason: 'Whose licenses? Add a user.', usage: 'license <user>' };
  return { kind: 'unknown', text };
}
