import assert from 'node:assert/strict';
import type { PersonMention } from '../../../src/conversation';
import { testEngine, TENANT } from '../helpers';

const people = async (text: string, locale = 'en-US', context = TENANT): Promise<PersonMention[]> => (await testEngine().understand(text, locale, context)).entities.people;

describe('conversation/entities/people', () => {
  it('finds the user themself in each language', async () => {
    assert.deepEqual(await people('request Visio for myself'), [{ kind: 'self' }]);
    assert.deepEqual(await people('kannst du mich für Visio freischalten', 'de-DE'), [{ kind: 'self' }]);
    assert.deepEqual(await people('donne-moi Visio', 'fr-FR'), [{ kind: 'self' }]);
    assert.deepEqual(await people('quiero Visio para mí', 'es-ES'), [{ kind: 'self' }]);
    // Spanish "mi" (my) is not "mí" (me).
    assert.deepEqual(await people('mi buzón está lleno', 'es-ES'), []);
  });

  it('finds "my team" in each language', async () => {
    assert.deepEqual(await people('Visio for my team'), [{ kind: 'team' }]);
    assert.deepEqual(await people('Visio für mein Team', 'de-DE'), [{ kind: 'team' }]);
    assert.deepEqual(await people('Visio pour mon équipe', 'fr-FR'), [{ kind: 'team' }]);
    assert.deepEqual(await people('Visio para mi equipo', 'es-ES'), [{ kind: 'team' }]);
  });

  it('finds addresses and Teams mentions', async () => {
    assert.deepEqual(await people('request E3 for AlexW@contoso.example.'), [{ kind: 'address', value: 'AlexW@contoso.example' }]);
    assert.deepEqual(await people('what licenses does <at>Nestor Wilke</at> have'), [{ kind: 'name', value: 'Nestor Wilke' }]);
  });

  it('finds known names, full or first name, as written', async () => {
    assert.deepEqual(await people('give megan bowen Power BI Pro'), [{ kind: 'name', value: 'megan bowen' }]);
    assert.deepEqual(await people('hat Megan Visio?', 'de-DE'), [{ kind: 'name', value: 'Megan' }]);
  });

  it('finds unknown names after a marker word, but not products', async () => {
    const none = { now: TENANT.now };
    assert.deepEqual(await people('give Patti Fernandez Power BI Pro', 'en-US', none), [{ kind: 'name', value: 'Patti Fernandez' }]);
    assert.deepEqual(await people('request Visio for Grady', 'en-US', none), [{ kind: 'name', value: 'Grady' }]);
    assert.deepEqual(await people('request Visio for Office', 'en-US', none), []);
    // German nouns are capitalised: one capitalised word after "für" is not taken as a name.
    assert.deepEqual(await people('E3 für Praktikanten', 'de-DE', none), []);
    assert.deepEqual(await people('E3 für Johanna Lorenz', 'de-DE', none), [{ kind: 'name', value: 'Johanna Lorenz' }]);
  });
});
