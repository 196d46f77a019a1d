/** Which of the four languages a message is read in. */
import type { Language } from './types';

/** de-DE → de, fr-CA → fr, es-MX → es; anything else (or nothing) → en. */
export function languageOfLocale(locale: string | undefined | null): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'fr' || primary === 'es' ? primary : 'en';
}
