import assert from 'node:assert/strict';
import { testEngine, TENANT } from '../helpers';

const understand = (text: string, locale = 'en-US') => testEngine().understand(text, locale, TENANT);

describe('conversation/entities/quantity and reason', () => {
  it('reads a number of seats in each language', async () => {
    assert.equal((await understand('we need 5 seats of Visio')).entities.quantity, 5);
    assert.equal((await understand('3 more E3 licenses for the interns')).entities.quantity, 3);
    assert.equal((await understand('wir brauchen 10 Lizenzen Visio', 'de-DE')).entities.quantity, 10);
    assert.equal((await understand('il nous faut cinq licences Visio', 'fr-FR')).entities.quantity, 5);
    assert.equal((await understand('necesitamos 4 licencias de Visio', 'es-ES')).entities.quantity, 4);
    assert.equal((await understand('request E3 for Megan')).entities.quantity, undefined);
    assert.equal((await understand('I need Visio for 3 weeks')).entities.quantity, undefined);
  });

  it("keeps a request's reason in the user's words", async () => {
    assert.equal((await understand('please give me Visio because I draw network diagrams')).entities.reason, 'I draw network diagrams');
    assert.equal((await understand('ich brauche Visio, weil ich Netzpläne zeichne', 'de-DE')).entities.reason, 'ich Netzpläne zeichne');
    assert.equal((await understand("j'ai besoin de Visio parce que je dessine des schémas", 'fr-FR')).entities.reason, 'je dessine des schémas');
    assert.equal((await understand('necesito Visio porque dibujo diagramas', 'es-ES')).entities.reason, 'dibujo diagramas');
    // No "because": the whole request is the reason.
    assert.equal((await understand('I need Visio for the network diagrams')).entities.reason, 'I need Visio for the network diagrams');
    // Only requests carry a reason.
    assert.equal((await understand('do I have Visio because I cannot find it')).entities.reason, undefined);
  });
});
