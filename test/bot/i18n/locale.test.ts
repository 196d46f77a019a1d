import assert from 'node:assert/strict';
import { localeOf, messagesFor, onMissingTranslation } from '../../../src/bot/i18n';

describe('i18n: locale and formatting', () => {
  it('localeOf maps a Teams locale to en, de, fr or es; anything else is English', () => {
    const cases: Array<[string | undefined | null, string]> = [
      ['de-DE', 'de'], ['de-CH', 'de'], ['de-at', 'de'], ['de', 'de'], ['DE-de', 'de'],
      ['fr-FR', 'fr'], ['fr-CA', 'fr'], ['es-ES', 'es'], ['es-MX', 'es'], ['es-419', 'es'],
      ['en-US', 'en'], ['en-us', 'en'], ['en-GB', 'en'], ['en', 'en'],
      ['ja-JP', 'en'], ['pt-BR', 'en'], ['zh-Hans-CN', 'en'], ['nl', 'en'],
      ['', 'en'], [undefined, 'en'], [null, 'en'], ['not a locale!!', 'en'], ['de_DE', 'de'],
    ];
    for (const [input, expected] of cases) assert.equal(localeOf(input), expected, String(input));
  });

  it('builds one formatter per language and reuses it', () => {
    assert.equal(messagesFor('de-DE'), messagesFor('de'));
    assert.equal(messagesFor('ja-JP'), messagesFor('en'));
    assert.notEqual(messagesFor('fr'), messagesFor('es'));
  });

  it('formats money in the price list currency, numbers and dates for the locale (UTC)', () => {
    const at = new Date('2025-01-31T23:30:00Z');
    const de = messagesFor('de');
    const fr = messagesFor('fr');
    const es = messagesFor('es');
    const en = messagesFor('en');
    assert.equal(de.money(1234.5, 'EUR'), '1.234,50\u00a0€');
    assert.equal(fr.money(1234.5, 'EUR'), '1\u202f234,50\u00a0€');
    assert.equal(en.money(6, 'USD'), '$6.00');
    assert.equal(de.money(6, 'USD'), '6,00\u00a0$');
    assert.equal(en.signedMoney(30, 'USD'), '+30.00 USD');
    assert.equal(en.signedMoney(-30, 'USD'), '−30.00 USD');
    assert.equal(de.signedMoney(30, 'USD'), '+30,00\u00a0$');
    assert.equal(de.signedMoney(-12.5, 'EUR'), '−12,50\u00a0€');
    assert.equal(es.money(2, 'XYZ-not-iso'), '2.00 XYZ-not-iso');
    assert.equal(de.number(12345.5), '12.345,5');
    assert.equal(fr.number(12345), '12\u202f345');
    // English keeps the exact shapes it always had.
    assert.equal(en.date(at, 'dateTime'), '2025-01-31 23:30');
    assert.equal(en.date(at, 'day'), '31 Jan 2025');
    assert.equal(en.date(new Date('2025-02-03T00:00:00Z'), 'date'), '3 Feb 2025');
    assert.equal(en.date(at, 'isoDate'), '2025-01-31');
    assert.equal(de.date(at, 'dateTime'), '31.01.2025, 23:30');
    assert.equal(de.date(at, 'day'), '31.01.2025');
    assert.equal(fr.date(at, 'day'), '31 janv. 2025');
    assert.equal(es.date(at, 'day'), '31 ene 2025');
    assert.equal(de.list(['A', 'B', 'C']), 'A, B und C');
    assert.equal(en.list(['A', 'B', 'C']), 'A, B, C');
  });

  it('plurals follow each language (French 0 is singular), selects pick the branch', () => {
    assert.equal(messagesFor('en').t('report.usage-location.value', { count: 1 }), '1 user');
    assert.equal(messagesFor('de').t('report.seats.value', { count: 2 }), '2 Produkte');
    assert.equal(messagesFor('fr').t('report.seats.value', { count: 0 }), '0 produit');
    assert.equal(messagesFor('es').t('report.headline.waste', { cost: '6,00 €', count: 1 }), '6,00 € al mes facturados por 1 licencia redundante');
    assert.equal(messagesFor('de').t('message.request-status.title', { id: 'REQ-1', status: 'cancelled' }), 'Anfrage REQ-1 storniert');
  });

  it('a key missing in a catalog falls back to English and is reported once', () => {
    const reported: string[] = [];
    onMissingTranslation((message) => reported.push(message));
    try {
      const de = messagesFor('de');
      assert.equal(de.t('no.such.key' as never), 'no.such.key');
      de.t('no.such.key' as never);
      assert.equal(reported.filter((r) => r.includes('no.such.key') && r.includes('de')).length, 1);
    } finally {
      onMissingTranslation((message) => process.emitWarning(message, 'MissingTranslation'));
    }
  });
});
