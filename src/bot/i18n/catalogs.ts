/**
 * The message catalogs (locales/*.json at the repo root, flat dotted keys, ICU MessageFormat).
 * Imported as JSON so tsc copies them next to the compiled code and `MessageKey` is checked at compile time.
 */
import de from '../../../locales/de.json';
import en from '../../../locales/en.json';
import es from '../../../locales/es.json';
import fr from '../../../locales/fr.json';
import type { Language } from './locale';

/** Every key of the English (source) catalog; a key used in code but missing there is a tsc error. */
export type MessageKey = keyof typeof en;

export type Catalog = Readonly<Record<string, string>>;

export const CATALOGS: Readonly<Record<Language, Catalog>> = { en, de, fr, es };
