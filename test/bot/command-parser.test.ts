import assert from 'node:assert/strict';
import { parseCommand } from '../../src/bot/command-parser';

describe('command parser', () => {
  it('recognises "my license" in its spellings', () => {
    for (const text of ['my license', 'My Licenses', 'what license do I have', 'What licenses do I have?', 'what licence do i have', '  my   license  ', 'license me']) {
      assert.deepEqual(parseCommand(text), { kind: 'my-license' }, text);
    }
  });

  it('license <user> by UPN, mail or mention', () => {
    assert.deepEqual(parseCommand('license AlexW@contoso.example'), { kind: 'license', target: { kind: 'address', value: 'AlexW@contoso.example' } });
    assert.deepEqual(parseCommand('licenses of mailto:alexw@contoso.example'), { kind: 'license', target: { kind: 'address', value: 'alexw@contoso.example' } });
    const mention = { id: '29:abc', name: 'Megan Bowen', text: '<at>Megan Bowen</at>' };
    assert.deepEqual(parseCommand('license <at>Megan Bowen</at>', [mention]), { kind: 'license', target: { kind: 'mention', mention } });
  });

  it('bad targets and bare "license" get the usage, not silence', () => {
    const bad = parseCommand('license 42!');
    assert.equal(bad.kind, 'invalid');
    assert.match((bad as { reason: string }).reason, /not an email address/);
    // Display names are people too (looked up in the directory): "license Megan Bowen".
    assert.deepEqual(parseCommand('license  Megan   Bowen'), { kind: 'license', target: { kind: 'name', value: 'Megan Bowen' } });
    assert.deepEqual(parseCommand("license Zoë O'Neil-Smith"), { kind: 'license', target: { kind: 'name', value: "Zoë O'Neil-Smith" } });
    assert.equal(parseCommand('license a b c d e f').kind, 'invalid');
    assert.equal(parseCommand('license').kind, 'invalid');
  });

  it('help, empty, huge and unknown text', () => {
    assert.equal(parseCommand('help').kind, 'help');
    assert.equal(parseCommand('Hi!').kind, 'help');
    assert.equal(parseCommand('').kind, 'empty');
    assert.equal(parseCommand('\u0000\u0007 ').kind, 'empty');
    assert.deepEqual(parseCommand('x'.repeat(5000)), { kind: 'too-long', length: 5000 });
    assert.deepEqual(parseCommand('make me coffee'), { kind: 'unknown', text: 'make me coffee' });
  });

  it('strips HTML that Teams wraps around text', () => {
    assert.deepEqual(parseCommand('<p>my&nbsp;license</p>'), { kind: 'my-license' });
  });
});

describe('command parser: requests', () => {
  it('request <product> for <user> [replacing <product>] [because <reason>]', () => {
    assert.deepEqual(parseCommand('request SPE_E3 for me'), { kind: 'request', product: 'SPE_E3', target: { kind: 'self' }, replacing: undefined, reason: undefined });
    assert.deepEqual(parseCommand('Request Microsoft 365 E3 for AlexW@contoso.example replacing Microsoft 365 Business Basic because needs desktop Office'), {
      kind: 'request',
      product: 'Microsoft 365 E3',
      target: { kind: 'address', value: 'AlexW@contoso.example' },
      replacing: 'Microsoft 365 Business Basic',
      reason: 'needs desktop Office',
    });
  });

  it('product names that contain "for" still parse', () => {
    const c = parseCommand('request Microsoft 365 Apps for business for me because travel');
    assert.equal(c.kind === 'request' && c.product, 'Microsoft 365 Apps for business');
  });

  it('request alone opens the form; requests lists; cancel takes an id', () => {
    assert.deepEqual(parseCommand('request'), { kind: 'request-form' });
    assert.deepEqual(parseCommand('requests'), { kind: 'requests' });
    assert.deepEqual(parseCommand('cancel req-7k3qz9'), { kind: 'cancel', requestId: 'REQ-7K3QZ9' });
  });

  it('incomplete requests get the usage', () => {
    assert.equal(parseCommand('request SPE_E3').kind, 'invalid');
    assert.equal(parseCommand('request SPE_E3 for 42').kind, 'invalid');
    // A display name is a person to look up (one name of a possible list: the bulk form of request).
    assert.deepEqual(parseCommand('request SPE_E3 for bob'), { kind: 'bulk-request', product: 'SPE_E3', people: { kind: 'people', refs: [{ kind: 'name', value: 'bob' }] }, replacing: undefined, reason: undefined });
    assert.equal(parseCommand('request SPE_E3 for <at>bob</at>').kind, 'invalid');
    assert.equal(parseCommand(`request SPE_E3 for me because ${'x'.repeat(600)}`).kind, 'invalid');
  });

  it('a display name is a person to look up (one, or in a list)', () => {
    assert.deepEqual(parseCommand('request SPE_E3 for Megan Bowen'), { kind: 'bulk-request', product: 'SPE_E3', people: { kind: 'people', refs: [{ kind: 'name', value: 'Megan Bowen' }] }, replacing: undefined, reason: undefined });
  });

  it('several people: a, b and c; members of <group>; my team', () => {
    const c = parseCommand('request SPE_E3 for AlexW@contoso.example, Megan Bowen and me replacing O365_BUSINESS_ESSENTIALS because project');
    assert.deepEqual(c, {
      kind: 'bulk-request',
      product: 'SPE_E3',
      people: { kind: 'people', refs: [{ kind: 'address', value: 'AlexW@contoso.example' }, { kind: 'name', value: 'Megan Bowen' }, { kind: 'self' }] },
      replacing: 'O365_BUSINESS_ESSENTIALS',
      reason: 'project',
    });
    assert.deepEqual(parseCommand('request Microsoft 365 E3 for members of "Operations E3 licensing"'), { kind: 'bulk-request', product: 'Microsoft 365 E3', people: { kind: 'group', name: 'Operations E3 licensing' }, replacing: undefined, reason: undefined });
    assert.deepEqual(parseCommand('request SPE_E3 for my team').kind === 'bulk-request' && (parseCommand('request SPE_E3 for my team') as any).people, { kind: 'team' });
    const mention = { id: '29:abc', name: 'Megan Bowen', text: '<at>Megan Bowen</at>' };
    const m = parseCommand('request SPE_E3 for <at>Megan Bowen</at>, alexw@contoso.example', [mention]);
    assert.deepEqual(m.kind === 'bulk-request' && m.people, { kind: 'people', refs: [{ kind: 'mention', mention }, { kind: 'address', value: 'alexw@contoso.example' }] });
  });

  it('a duration anywhere before "because": for N minutes/days/weeks/months, until a date', () => {
    const c = parseCommand('request SPE_E3 for AlexW@contoso.example for 30 days replacing O365_BUSINESS_ESSENTIALS because trip for 2 weeks');
    assert.equal(c.kind, 'request');
    assert.equal(c.kind === 'request' && c.duration, '30 days');
    assert.equal(c.kind === 'request' && c.reason, 'trip for 2 weeks');
    assert.equal(c.kind === 'request' && c.replacing, 'O365_BUSINESS_ESSENTIALS');
    const until = parseCommand('request SPE_E3 for me until 2027-03-31');
    assert.equal(until.kind === 'request' && until.duration, 'until 2027-03-31');
    const minutes = parseCommand('request SPE_E3 for my team for 10 minutes');
    assert.equal(minutes.kind === 'bulk-request' && minutes.duration, '10 minutes');
    assert.equal(parseCommand('request Microsoft 365 Apps for business for me for 2 weeks').kind === 'request' && (parseCommand('request Microsoft 365 Apps for business for me for 2 weeks') as any).product, 'Microsoft 365 Apps for business');
  });

  it('budget <scope> <product> <n|off> and budgets', () => {
    assert.deepEqual(parseCommand('budget Finance SPE_E3 10'), { kind: 'budget', words: 'Finance SPE_E3', limit: '10' });
    assert.deepEqual(parseCommand('budget Operations E3 licensing Microsoft 365 E3 off'), { kind: 'budget', words: 'Operations E3 licensing Microsoft 365 E3', limit: 'off' });
    assert.deepEqual(parseCommand('budgets'), { kind: 'budgets' });
    assert.equal(parseCommand('budget Finance').kind, 'invalid');
  });
});
