/** text + locale (+ tenant context) → Understanding: classifier, rules, then entities from vocabulary data. */
import { IntentClassifier, type Scored } from './classifier';
import { featureMentions, findFeatures } from './entities/features';
import { findDuration } from './entities/duration';
import { findPeople, takeMentions } from './entities/people';
import { extractProducts } from './entities/products';
import { findQuantity } from './entities/quantity';
import { findReason } from './entities/reason';
import { tokenize } from './entities/text';
import { languageEvidence, languageOfLocale } from './language';
import { applyRules, RULES } from './rules';
import { LANGUAGES, type Entities, type Language, type Understanding, type UnderstandingContext } from './types';

/** Longer messages are cut: the classifier gains nothing past this and time stays bounded. */
export const MAX_TEXT_LENGTH = 500;

export class Understander {
  constructor(private readonly classifier: IntentClassifier) {}

  async understand(text: string, locale: string | undefined, context: UnderstandingContext = {}): Promise<Understanding> {
    const mentions = takeMentions(text.slice(0, MAX_TEXT_LENGTH * 2));
    const clean = mentions.text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_LENGTH);
    let language = languageOfLocale(locale);
    let ranked = await this.classifier.classify(language, clean);
    // Many users type English (or another of the four) in a client set to their own language: switch only when
    // the locale's language finds nothing, the words are more of another language, and that one is confident.
    const top = ranked[0];
    const ownEvidence = clean ? languageEvidence(clean, language) : 0;
    const weak = !top || top.intent === 'None' || top.score < RULES.switchLanguage.whenBelow;
    // Words unique to another language and none of the locale's: the locale model's score means nothing then.
    const foreign = ownEvidence === 0;
    if (clean && (weak || foreign)) {
      for (const other of LANGUAGES.filter((l) => l !== language)) {
        const evidence = languageEvidence(clean, other);
        if (evidence <= ownEvidence || (!weak && evidence < RULES.switchLanguage.otherWordsAtLeast)) continue;
        const alt = await this.classifier.classify(other, clean);
        const best = alt[0];
        // A confident "None" in the locale's language is no rival: it only says the words are not its own.
        if (best && best.intent !== 'None' && best.score >= RULES.switchLanguage.acceptAbove && (!weak || !top || top.intent === 'None' || best.score > top.score)) {
          language = other;
          ranked = alt;
          break;
        }
      }
    }
    const entities = extractEntities(clean, language, context, mentions.names);
    const decided = applyRules(ranked, entities.features);
    const intent = decided[0]?.intent ?? 'None';
    finishEntities(entities, intent, clean, language);
    return {
      language,
      intent,
      confidence: round(decided[0]?.score ?? 0),
      alternatives: alternatives(decided),
      entities: entities.result,
    };
  }
}

interface Extracted {
  result: Entities;
  weakFeatures: Set<string>;
  features: Entities['features'];
}

function extractEntities(text: string, language: Language, context: UnderstandingContext, mentionNames: string[]): Extracted {
  const tokens = tokenize(text);
  const products = extractProducts(text, tokens, language, context.products);
  const used = new Set(products.used);
  const before = new Set(used);
  const people = findPeople(text, tokens, language, used, context.people ?? [], mentionNames);
  // Tokens taken by people ("my team", an address, a name) are not features; product tokens may be both.
  const blocked = new Set([...used].filter((i) => !before.has(i)));
  const hits = findFeatures(text, tokens, language, blocked);
  const features = featureMentions(text, hits, language);
  const weakFeatures = new Set(hits.filter((h) => h.weak).map((h) => text.slice(h.start, h.end)));
  const duration = findDuration(text, language, context.now ?? new Date());
  const quantity = findQuantity(tokens, language, new Set());
  const result: Entities = { products: products.products, features, people };
  if (products.replacing) result.replacing = products.replacing;
  if (duration) result.duration = duration;
  if (quantity !== undefined) result.quantity = quantity;
  return { result, weakFeatures, features };
}

function finishEntities(extracted: Extracted, intent: string, text: string, language: Language): void {
  // "my project is late": a common word is a feature only when the message is about licenses.
  if (intent === 'None') extracted.result.features = extracted.result.features.filter((f) => !extracted.weakFeatures.has(f.text));
  if (intent === 'request.create') extracted.result.reason = findReason(text, language);
}

function alternatives(ranked: Scored[]): Understanding['alternatives'] {
  return ranked
    .slice(1)
    .filter((r) => r.score > 0.01)
    .slice(0, 3)
    .map((r) => ({ intent: r.intent, score: round(r.score) }));
}

const round = (n: number) => Math.round(Math.max(0, Math.min(1, n)) * 1000) / 1000;
