import assert from 'node:assert/strict';
import { renderCard } from '../../src/bot/render';
import { licenseCardView } from '../../src/bot/views/license-view';
import { errorView, helpView, messageView, welcomeView } from '../../src/bot/views/simple-views';
import { startDemoTenant } from '../../src/demo/server';
import { createGraphGateway } from '../../src/graph/gateway';
import { Catalog } from '../../src/licensing/catalog';
import { resolve } from '../../src/licensing/resolver';
import { cardText } from '../helpers/fake-connector';
import { assertValidCard, cardProblems } from '../helpers/card-validation';

describe('card templates', () => {
  it('the license card of every demo user parses with no errors', async () => {
    const demo = await startDemoTenant();
    try {
      const graph = createGraphGateway({ baseUrl: demo.baseUrl });
      const skus = await graph.getSubscribedSkus();
      let users = 0;
      for await (const user of graph.scanUsers()) {
        users++;
        const resolution = resolve(user, skus, Catalog.bundled());
        for (const self of [true, false]) {
          const card = renderCard('license', licenseCardView(resolution, { self, readAt: new Date(), groupNames: new Map() }));
          assertValidCard(card, `license card of ${user.displayName}`);
          assert.match(cardText({ attachments: [{ content: card }] }), new RegExp(user.displayName!));
        }
      }
      assert.ok(users >= 14, `rendered ${users} users`);
    } finally {
      await demo.close();
    }
  });

  it('help, welcome, message and error cards parse with no errors', () => {
    assertValidCard(renderCard('help', helpView('intro')), 'help');
    assertValidCard(renderCard('welcome', welcomeView()), 'welcome');
    assertValidCard(renderCard('message', messageView('Title', 'Text', { items: ['a', 'b'], footer: 'f', color: 'Warning' })), 'message');
    assertValidCard(renderCard('error', errorView('corr-1')), 'error');
  });

  it('template syntax in user data renders as text (no template injection)', () => {
    const card = renderCard('message', messageView('${title}', 'Hello ${footer} and ${json(items)}', { items: ['${1+1}'], footer: 'SECRET' }));
    const text = cardText({ attachments: [{ content: card }] });
    assert.match(text, /^\$\{title\}$/m);
    assert.match(text, /Hello \$\{footer\} and \$\{json\(items\)\}/);
    assert.match(text, /• \$\{1\+1\}/);
    // The only "${" left are the user's own characters, which is expected here.
    assert.ok(cardProblems(card).every((p) => p.startsWith('unexpanded binding')));
  });
});
