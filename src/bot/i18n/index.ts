/** The bot's languages: only the bot renders text for people, so the catalogs are read here and nowhere else. */
export { LANGUAGES, isLanguage, localeOf, type Language } from './locale';
export { CATALOGS, type MessageKey } from './catalogs';
export { messagesFor, onMissingTranslation, type DateStyle, type Messages, type MessageValues } from './messages';
export { phraseLines, phraseText, tierName, workloadName } from './phrases';
export { messagesOf } from './turn';
