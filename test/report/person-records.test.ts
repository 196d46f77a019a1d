/** personRecords: people with a finding as flat values, back as objects in the order they came. */
import assert from 'node:assert/strict';
import { personRecords } from '../../src/report/person-records';

describe('personRecords', () => {
  it('gives every record back, in order, with its shared part and its own values (absent ones as null)', () => {
    const shared = { sku: 'SPE_E3' };
    const records = personRecords<typeof shared>();
    records.add('u1', 'Adele', 'adele@contoso.example', shared, true, '2026-11-01T08:00:00Z', 30, 'inactive');
    records.add('u2', 'Ben', 'ben@contoso.example', shared);
    assert.equal(records.length, 2);
    const back = records.map((userId, user, upn, s, a, b, c, d) => ({ userId, user, upn, s, own: [a, b, c, d] }));
    assert.deepEqual(back, [
      { userId: 'u1', user: 'Adele', upn: 'adele@contoso.example', s: shared, own: [true, '2026-11-01T08:00:00Z', 30, 'inactive'] },
      { userId: 'u2', user: 'Ben', upn: 'ben@contoso.example', s: shared, own: [null, null, null, null] },
    ]);
    assert.equal(back[0].s, back[1].s, 'the shared part is shared, not copied');
  });

  it('keeps falsy own values as given (false, 0, empty text)', () => {
    const records = personRecords<null>();
    records.add('u', 'U', 'u@x', null, false, 0, '', null);
    assert.deepEqual(records.map((_i, _n, _u, _s, a, b, c, d) => [a, b, c, d]), [[false, 0, '', null]]);
    assert.deepEqual(personRecords<null>().map(() => 1), []);
  });
});
