import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';

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

const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8')));
    templates.set(name, t);
  }
  return t;
}

/**
 * Renders a card template from cards/ with a view model. Data values are never evaluated as templates,
 * so a "${...}" typed by a user renders as text (asserted in the card tests). Every string comes from the view model (the catalogs,
 * src/bot/i18n), so one template serves all languages. Cards carry no `lang`: nothing in them uses the
 * client-side DATE()/TIME() functions it localizes, and adaptivecards 3.0's validator tests it with a global
 * regex (`/^[a-z]{2,3}$/gi`), which rejects every second valid value.
 */
export function renderCard(name: CardName, view: object): Record<string, unknown> {
  return template(name).expand({ $root: view }) as Record<string, unknown>;
}
