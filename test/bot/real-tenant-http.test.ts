/** Issue 15 through the bot: a manager that is a contact, and concealed report names in the mailbox guard. */
import assert from 'node:assert/strict';
import { cardText } from '../helpers/fake-connector';
import { USERS, startHarness, type Harness } from '../helpers/bot-harness';
import { contosoFixture, guidFor } from '../helpers/demo-tenant';

const PARTNER = guidFor(0xc0, 1);

describe('bot against real-tenant shapes', () => {
  let h: Harness;
  before(async () => {
    const f = contosoFixture();
    // Adele reports to an external partner (an organizational contact), who reports to Diego.
    f.contacts = [{ id: PARTNER, displayName: 'Pat Partner', mail: 'pat@fabrikam.example', manager: USERS.diego.id }];
    f.users.find((u: any) => u.id === USERS.adele.id).manager = PARTNER;
    f.reportSettings = { displayConcealedNames: true };
    h = await startHarness({ fixture: f });
  });
  after(() => h.close());

  it('an approver asking about a user whose manager is a contact gets the card, not "You are not in the directory"', async () => {
    const [reply] = await h.say(USERS.diego, `license ${USERS.adele.upn}`);
    const text = cardText(reply);
    assert.match(text, /Licenses of Adele Vance/);
    assert.doesNotMatch(text, /not in the directory/);
  });

  it('someone really unknown is "No such user"', async () => {
    const [reply] = await h.say(USERS.diego, 'license nobody@contoso.example');
    assert.match(cardText(reply), /No such user/);
  });

  it('a mailbox downgrade under concealed report names says why the size is unknown and how to turn concealment off', async () => {
    const replies = await h.say(USERS.diego, `request EXCHANGESTANDARD for ${USERS.adele.upn} replacing SPE_E3 because cost`);
    const text = replies.map(cardText).join('\n');
    assert.match(text, /conceals user names in usage reports/);
    assert.match(text, /Display concealed user, group, and site names in all reports/);
  });
});
