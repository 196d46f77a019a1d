/**
 * Rules applied after the classifier, driven by rules.json:
 * - a question about the mailbox, its archive or its hold is `mailbox.status` even when phrased as "do I have …"
 *   or "why can't I …" (the mailbox card answers it);
 * - a top score under `noneBelow` is `None`: NLP.js scores are uncalibrated and guessing is worse than asking.
 */
import type { Scored } from './classifier';
import data from './rules.json';
import type { FeatureMention, IntentId } from './types';

export const RULES = data;

export function applyRules(ranked: Scored[], features: FeatureMention[]): Scored[] {
  let result = ranked;
  const top = result[0];
  if (!top || top.score < data.noneBelow) {
    result = [{ intent: 'None', score: 1 - (top?.score ?? 0) }, ...result.filter((r) => r.intent !== 'None')];
    return result;
  }
  const mailbox = new Set<string>(data.mailboxFeatures);
  if (
    (data.mailboxFromIntents as string[]).includes(top.intent) &&
    features.length > 0 &&
    features.every((f) => mailbox.has(f.feature))
  ) {
    result = promote(result, 'mailbox.status');
  }
  return result;
}

function promote(ranked: Scored[], intent: IntentId): Scored[] {
  const top = ranked[0];
  const rest = ranked.filter((r) => r.intent !== intent);
  return [{ intent, score: top.score }, ...rest];
}
