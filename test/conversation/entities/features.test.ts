import assert from 'node:assert/strict';
import { testEngine, TENANT } from '../helpers';

const features = async (text: string, locale = 'en-US') => (await testEngine().understand(text, locale, TENANT)).entities.features.map((f) => f.feature).sort();

describe('conversation/entities/features', () => {
  it('finds features in each language', async () => {
    assert.deepEqual(await features('is sensitivity labels something I can use'), ['purview']);
    assert.deepEqual(await features('kann ich Office installieren?', 'de-DE'), ['desktop-apps']);
    assert.deepEqual(await features('Office lässt sich nicht installieren', 'de-DE'), ['desktop-apps']);
    assert.deepEqual(await features('ma boîte aux lettres a-t-elle une archive en ligne', 'fr-FR'), ['archive', 'mailbox']);
    assert.deepEqual(await features('¿puedo usar el archivo en línea de mi buzón?', 'es-ES'), ['archive', 'mailbox']);
  });

  it('takes the longest phrase and hides the general feature a specific one implies', async () => {
    assert.deepEqual(await features('can I use power automate premium connectors'), ['power-automate-premium']);
    assert.deepEqual(await features('no dial-in number in my Teams meetings'), ['audio-conferencing']);
    assert.deepEqual(await features('can I use Teams'), ['teams']);
  });

  it('tolerates typos and spelling variants', async () => {
    assert.deepEqual(await features('do I have Vizio'), ['visio']);
    assert.deepEqual(await features('is copliot included'), ['copilot']);
    assert.deepEqual(await features('do I have PowerBI'), ['power-bi-pro']);
    assert.deepEqual(await features('can I use Power-BI'), ['power-bi-pro']);
    assert.deepEqual(await features('do i have an archieve'), ['archive']);
    assert.deepEqual(await features('my onedrvie is full'), ['onedrive']);
    assert.deepEqual(await features('mein Postfch ist voll', 'de-DE'), ['mailbox']);
  });

  it('does not turn "my team" into Teams, nor short common words into features', async () => {
    assert.deepEqual(await features('request Visio for my team'), ['visio']);
    assert.deepEqual(await features('what are the terms of my license'), []);
  });

  it('drops a common word that is only a feature in a license question ("my project is late")', async () => {
    const u = await testEngine().understand('our project is behind schedule again', 'en-US', TENANT);
    assert.equal(u.intent, 'None');
    assert.deepEqual(u.entities.features, []);
    assert.deepEqual(await features('I need Project for my job'), ['project']);
  });

  it('returns the words as the user wrote them', async () => {
    const u = await testEngine().understand('do I have Vizio?', 'en-US', TENANT);
    assert.deepEqual(u.entities.features, [{ feature: 'visio', text: 'Vizio' }]);
  });
});
