/** The understanding layer's contract: text + locale in, intent + entities out (plain data). */
import type { FeatureId } from '../licensing/feature-ids';

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const INTENT_IDS = [
  'licenses.mine',
  'feature.check',
  'feature.whynot',
  'mailbox.status',
  'licenses.compare',
  'request.create',
  'requests.status',
  'process.approver',
  'process.how',
  'admin.seats',
  'admin.redundant',
  'admin.inactive',
  'admin.report',
  'help',
  'greeting',
  'thanks',
  'None',
] as const;
export type IntentId = (typeof INTENT_IDS)[number];

export function isIntentId(value: string): value is IntentId {
  return (INTENT_IDS as readonly string[]).includes(value);
}

export interface ProductMention {
  skuPartNumber: string;
  text: string;
}

export interface FeatureMention {
  feature: FeatureId;
  text: string;
}

export type PersonMention =
  | { kind: 'self' }
  | { kind: 'address'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'team' };

export type Duration =
  | { kind: 'days'; days: number; text: string }
  | { kind: 'until'; date: string; text: string }
  | { kind: 'vague'; days: number; text: string };

export interface Entities {
  products: ProductMention[];
  features: FeatureMention[];
  replacing?: ProductMention;
  people: PersonMention[];
  duration?: Duration;
  quantity?: number;
  reason?: string;
}

export interface Understanding {
  language: Language;
  intent: IntentId;
  /** 0..1; NLP.js scores are not calibrated, so thresholds come from the evaluation set. */
  confidence: number;
  /** The next best 2–3 intents, for "Did you mean …". */
  alternatives: Array<{ intent: IntentId; score: number }>;
  entities: Entities;
}

export interface TenantProduct {
  skuPartNumber: string;
  displayName: string;
}

export interface UnderstandingContext {
  /** The tenant's SKUs: an alias resolves to the one the tenant has. */
  products?: readonly TenantProduct[];
  /** "until March" is relative to this (default: the current time). */
  now?: Date;
  /** Known display names, so "Megan" in "does Megan have Visio" is found without a marker word. */
  people?: string[];
}
