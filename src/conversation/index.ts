/**
 * The understanding layer (pure domain): `understand(text, locale, context)` → intent + entities.
 * The classifier trains from the corpus files once per process (about 0.5 s of CPU for the four languages, ~900 utterances each), lazily.
 */
import { IntentClassifier } from './classifier';
import { Understander } from './understand';
import type { Understanding, UnderstandingContext } from './types';

export * from './types';
export { languageOfLocale } from './language';
export { Understander, MAX_TEXT_LENGTH } from './understand';
export { PRODUCT_ALIASES, type ProductAlias } from './entities/products';

export interface UnderstandingEngine {
  /** Resolves when the classifier is trained; `understand` waits for it anyway. */
  ready: Promise<void>;
  understand(text: string, locale: string | undefined, context?: UnderstandingContext): Promise<Understanding>;
}

/** A new engine, training at once. Call at start-up (before listening) and keep it. */
export function createUnderstanding(): UnderstandingEngine {
  const understander = IntentClassifier.train().then((classifier) => new Understander(classifier));
  return {
    ready: understander.then(() => undefined),
    understand: async (text, locale, context) => (await understander).understand(text, locale, context),
  };
}

let shared: UnderstandingEngine | undefined;

/** The process-wide engine, created on first use. */
export function sharedUnderstanding(): UnderstandingEngine {
  return (shared ??= createUnderstanding());
}

/** Shorthand for `sharedUnderstanding().understand(…)`. */
export function understand(text: string, locale: string | undefined, context?: UnderstandingContext): Promise<Understanding> {
  return sharedUnderstanding().understand(text, locale, context);
}
