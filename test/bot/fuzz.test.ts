import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cardText } from '../helpers/fake-connector';
import { CONTOSO_TENANT, USERS, startHarness, type Harness } from '../helpers/bot-harness';

const users = Object.values(USERS);

/** Teams-shaped activities, most of them wrong in some way. */
function activityArbitrary(serviceUrl: string) {
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom('my license', 'help', 'requests', 'request', 'license ', 'cancel REQ-AAAA', '${title}', '<at>x</at> license <at>y</at>', 'license \u0000\u0007@x', 'request SPE_E3 for me because ${json(x)}'),
    fc.tuple(fc.constantFrom('license ', 'request ', 'request SPE_E3 for ', 'cancel '), fc.string({ maxLength: 100 })).map(([a, b]) => a + b),
  );
  const from = fc.oneof(
    fc.constantFrom(...users).map((u) => ({ id: `29:${u.id}`, aadObjectId: u.id, name: u.name })),
    fc.record({ id: fc.string({ maxLength: 40 }), aadObjectId: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })) }, { requiredKeys: [] }),
    fc.constant(undefined),
  );
  const tenant = fc.oneof(fc.constant(CONTOSO_TENANT), fc.uuid(), fc.constant(undefined));
  const conversation = fc.record({
    id: fc.oneof(fc.constant('a:fuzz'), fc.string({ minLength: 1, maxLength: 60 })),
    conversationType: fc.constantFrom('personal', 'groupChat', 'channel', 'weird'),
    tenantId: tenant,
  }, { requiredKeys: ['id'] });
  const maybeConversation = fc.oneof({ weight: 9, arbitrary: conversation }, { weight: 1, arbitrary: fc.constant(undefined) });
  const actionValue = fc.record({
    action: fc.record({
      type: fc.constantFrom('Action.Execute', 'Action.Submit', 'nope'),
      verb: fc.oneof(fc.constantFrom('request.approve', 'request.reject', 'request.cancel', 'request.refresh', 'request.open', 'request.submit', 'request.confirmNoMailbox', 'report.csv'), fc.string({ maxLength: 30 })),
      data: fc.oneof(fc.anything({ maxDepth: 2 }), fc.record({ requestId: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('REQ-ZZZZZZ')), comment: fc.string({ maxLength: 600 }) }, { requiredKeys: [] })),
    }, { requiredKeys: [] }),
    trigger: fc.constantFrom('manual', 'automatic'),
  }, { requiredKeys: [] });
  return fc.record(
    {
      type: fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'typing', 'event', 'endOfConversation'), fc.string({ maxLength: 20 })),
      name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'composeExtension/query', 'task/fetch', 'signin/verifyState', 'fileConsent/invoke'), fc.string({ maxLength: 30 })),
      text,
      from,
      conversation: maybeConversation,
      channelData: fc.oneof(fc.record({ tenant: fc.record({ id: tenant }) }), fc.anything({ maxDepth: 2 })),
      value: fc.oneof(actionValue, fc.anything({ maxDepth: 3 })),
      action: fc.constantFrom('add', 'remove', 'bogus'),
      membersAdded: fc.array(fc.record({ id: fc.string({ maxLength: 20 }) }), { maxLength: 3 }),
      entities: fc.array(fc.record({ type: fc.constantFrom('mention', 'clientInfo', 'x'), text: fc.string({ maxLength: 40 }), mentioned: fc.record({ id: fc.string({ maxLength: 20 }), name: fc.string({ maxLength: 20 }) }) }, { requiredKeys: ['type'] }), { maxLength: 3 }),
      replyToId: fc.string({ maxLength: 30 }),
    },
    { requiredKeys: ['type'] },
  ).map((a) => ({ channelId: 'msteams', serviceUrl, recipient: { id: '28:license-desk', name: 'License Desk' }, ...a }));
}

describe('fuzz: generated activities and invokes never crash the bot', function () {
  this.timeout(180_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('1,000 activities: no 5xx, and the bot still answers afterwards', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(activityArbitrary(h.connector.url), async (activity) => {
        const { status, body } = await h.post(activity as never);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        assert.ok(status < 500, `status ${status} for ${JSON.stringify(activity).slice(0, 400)} → ${String(JSON.stringify(body)).slice(0, 200)}`);
      }),
      { numRuns: 1000, seed: Number(process.env.FUZZ_SEED ?? 20261123) },
    );
    await h.app.requests.settled();
    const [reply] = await h.say(USERS.adele, 'help');
    assert.match(cardText(reply), /License Desk/);
    const [card] = await h.say(USERS.adele, 'my license');
    assert.match(cardText(card), /Your licenses/);
    // Several outcomes were exercised, not one path a thousand times.
    assert.ok(statuses.size >= 3, `statuses seen: ${JSON.stringify([...statuses])}`);
  });
});
