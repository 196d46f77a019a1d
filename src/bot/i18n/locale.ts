/** Which catalog a Teams locale gets: the language part of activity.locale (de-DE → de); anything else → English. */
export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Teams sends `en-US`, lowercase `en-us`, bare `en`, sometimes nothing; canonicalise before matching,
 * and never throw on junk (a malformed tag from a client is just English).
 */
export function localeOf(activityLocale: string | null | undefined): Language {
  if (!activityLocale || typeof activityLocale !== 'string') return 'en';
  try {
    const [canonical] = Intl.getCanonicalLocales(activityLocale.trim().replace(/_/g, '-'));
    const language = canonical ? new Intl.Locale(canonical).language : '';
    return isLanguage(language) ? language : 'en';
  } catch {
    return 'en';
  }
}
