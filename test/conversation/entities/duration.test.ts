import assert from 'node:assert/strict';
import type { Duration } from '../../../src/conversation';
import { testEngine, TENANT } from '../helpers';

const duration = async (text: string, locale = 'en-US', now = TENANT.now): Promise<Omit<Duration, 'text'> | undefined> => {
  const d = (await testEngine().understand(text, locale, { ...TENANT, now })).entities.duration;
  if (!d) return undefined;
  const { text: _text, ...rest } = d;
  return rest;
};

describe('conversation/entities/duration', () => {
  it('reads a number of days, weeks or months in each language', async () => {
    assert.deepEqual(await duration('I need Visio for 3 weeks'), { kind: 'days', days: 21 });
    assert.deepEqual(await duration('Visio for two months please'), { kind: 'days', days: 60 });
    assert.deepEqual(await duration('Ich brauche Visio für 2 Monate', 'de-DE'), { kind: 'days', days: 60 });
    assert.deepEqual(await duration('Visio 30 Tage lang', 'de-DE'), { kind: 'days', days: 30 });
    assert.deepEqual(await duration('Visio pendant 30 jours', 'fr-FR'), { kind: 'days', days: 30 });
    assert.deepEqual(await duration('Visio durante 2 semanas', 'es-ES'), { kind: 'days', days: 14 });
  });

  it('reads an end date, the next one after now', async () => {
    assert.deepEqual(await duration('Visio until 2027-03-31'), { kind: 'until', date: '2027-03-31' });
    assert.deepEqual(await duration('Visio until March'), { kind: 'until', date: '2027-03-31' });
    assert.deepEqual(await duration('Visio until December'), { kind: 'until', date: '2026-12-31' });
    assert.deepEqual(await duration('Visio until March', 'en-US', new Date('2027-03-10T00:00:00Z')), { kind: 'until', date: '2027-03-31' });
    assert.deepEqual(await duration('Visio bis Ende März', 'de-DE'), { kind: 'until', date: '2027-03-31' });
    assert.deepEqual(await duration('Visio bis zum 15. Januar', 'de-DE'), { kind: 'until', date: '2027-01-15' });
    assert.deepEqual(await duration('Visio bis 31.01.2027', 'de-DE'), { kind: 'until', date: '2027-01-31' });
    assert.deepEqual(await duration("Visio jusqu'au 31 mars", 'fr-FR'), { kind: 'until', date: '2027-03-31' });
    assert.deepEqual(await duration('Visio hasta marzo', 'es-ES'), { kind: 'until', date: '2027-03-31' });
    assert.deepEqual(await duration('Visio hasta el 15 de febrero', 'es-ES'), { kind: 'until', date: '2027-02-15' });
    assert.deepEqual(await duration('Visio until the end of the year'), { kind: 'until', date: '2026-12-31' });
  });

  it('flags a vague duration with a default', async () => {
    assert.deepEqual(await duration('I need Project for a few weeks'), { kind: 'vague', days: 21 });
    assert.deepEqual(await duration('Project für ein paar Wochen', 'de-DE'), { kind: 'vague', days: 21 });
    assert.deepEqual(await duration('Project pour quelques semaines', 'fr-FR'), { kind: 'vague', days: 21 });
    assert.deepEqual(await duration('Project por unas semanas', 'es-ES'), { kind: 'vague', days: 21 });
  });

  it('finds no duration where there is none', async () => {
    assert.equal(await duration('request E3 for Megan'), undefined);
    assert.equal(await duration('how many E5 seats are left'), undefined);
  });
});
