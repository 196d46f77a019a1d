import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { compileCard, Unsupported } from './card-compiler';

export type CardName = 'license' | 'help' | 'welcome' | 'error' | 'message' | 'request' | 'request-form' | 'requests' | 'report' | 'answer' | 'alert' | 'alerts' | 'digest' | 'batch-request';

/** cards/ sits at the repo root; this file runs from src/bot (tsx) or lib/src/bot (compiled). */
function cardsDir(): string {
  const candidates = [join(__dirname, '../../cards'), join(__dirname, '../../../cards')];
  for (const dir of candidates) {
    try {
      readFileSync(join(dir, 'license.json'));
      return dir;
    } catch {
      // try the next location
    }
  }
  throw new Error(`cards/ folder not found near ${__dirname}`);
}

interface LoadedCard {
  template: ACData.Template;
  /** The same card as a plain function of the view (card-compiler.ts); undefined when it uses more than that handles. */
  compiled?: (view: object) => unknown;
}

const templates = new Map<CardName, LoadedCard>();

function template(name: CardName): LoadedCard {
  let t = templates.get(name);
  if (!t) {
    const payload = JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8')) as unknown;
    t = { template: new ACData.Template(payload), compiled: compileCard(payload) };
    templates.set(name, t);
  }
  return t;
}

/** The template expanded by adaptivecards-templating, whatever the compiled card would do (the reference). */
export function expandTemplate(name: CardName, view: object): Record<string, unknown> {
  return template(name).template.expand({ $root: view }) as Record<string, unknown>;
}

/** Whether a card renders through its compiled form (else every render expands the template). */
export function isCompiledCard(name: CardName): boolean {
  return template(name).compiled !== undefined;
}

/** Renders of compiled cards that fell back to the template for their data (a missing value…): a test aid. */
export const renderFallbacks = { count: 0 };

/**
 * Renders a card template from cards/ with a view model. Data values are never evaluated as templates,
 * so a "${...}" typed by a user renders as text (asserted in the card tests). Every string comes from the view model (the catalogs,
 * src/bot/i18n), so one template serves all languages. Cards carry no `lang`: nothing in them uses the
 * client-side DATE()/TIME() functions it localizes, and adaptivecards 3.0's validator tests it with a global
 * regex (`/^[a-z]{2,3}$/gi`), which rejects every second valid value.
 */
export function renderCard(name: CardName, view: object): Record<string, unknown> {
  const { compiled, template: acTemplate } = template(name);
  if (compiled) {
    try {
      return compiled(view) as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      renderFallbacks.count++;
    }
  }
  return acTemplate.expand({ $root: view }) as Record<string, unknown>;
}
