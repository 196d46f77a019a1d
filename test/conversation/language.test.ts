import assert from 'node:assert/strict';
import { languageOfLocale } from '../../src/conversation/language';

describe('conversation/language', () => {
  it('maps a locale to one of the four languages', () => {
    assert.equal(languageOfLocale('de-DE'), 'de');
    assert.equal(languageOfLocale('de-AT'), 'de');
    assert.equal(languageOfLocale('fr-CA'), 'fr');
    assert.equal(languageOfLocale('es-MX'), 'es');
    assert.equal(languageOfLocale('en-GB'), 'en');
    assert.equal(languageOfLocale('FR_fr'), 'fr');
  });

  it('falls back to English for anything else', () => {
    for (const locale of ['it-IT', 'pt-BR', 'ja', '', undefined, null, 'deutsch']) assert.equal(languageOfLocale(locale), 'en', String(locale));
  });
});
