import assert from 'node:assert/strict';
import { fitsSeats, guardProblems, progressOf, selectFitting, summarise, type BatchItem } from '../../src/requests/batch';

const item = (index: number, overrides: Partial<BatchItem> = {}): BatchItem => ({ requestId: 'REQ-X', index, person: { aadObjectId: `u${index}`, name: `P${index}` }, state: 'ready', needsSeat: true, removes: false, shrinksMailbox: false, ...overrides });

describe('batch rules', () => {
  it('summarises ready and skipped people, grouped by reason, with the seats needed', () => {
    const items = [item(0), item(1, { needsSeat: false }), item(2, { state: 'skipped', skip: { code: 'already-has' } }), item(3, { state: 'skipped', skip: { code: 'already-has' } }), item(4, { state: 'skipped', skip: { code: 'no-usage-location' } })];
    const info = summarise(items, { kind: 'people' }, 1);
    assert.equal(info.ready, 2);
    assert.equal(info.skipped, 3);
    assert.equal(info.seatsNeeded, 1);
    assert.deepEqual(info.skippedGroups, [{ code: 'already-has', count: 2, names: ['P2', 'P3'] }, { code: 'no-usage-location', count: 1, names: ['P4'] }]);
    assert.equal(fitsSeats(info), true);
    assert.equal(fitsSeats({ seatsNeeded: 3, seatsFree: 2 }), false);
  });

  it('approving more than the seats runs, in order, those who need no seat and the first that fit', () => {
    const items = [item(0), item(1, { needsSeat: false }), item(2), item(3), item(4, { state: 'skipped', skip: { code: 'duplicate' } })];
    const { run, excluded } = selectFitting(items, 2);
    assert.deepEqual(run.map((i) => i.index), [0, 1, 2]);
    assert.deepEqual(excluded.map((i) => i.index), [3]);
    assert.deepEqual(selectFitting(items, 0).run.map((i) => i.index), [1]);
  });

  it('progress counts done, failed, excluded and remaining', () => {
    const items = [item(0, { state: 'done' }), item(1, { state: 'failed' }), item(2, { state: 'writing' }), item(3), item(4, { state: 'skipped', skip: { code: 'no-seat' } }), item(5, { state: 'skipped', skip: { code: 'already-has' } })];
    assert.deepEqual(progressOf(items), { done: 1, failed: 1, excluded: 1, running: 4, remaining: 2 });
  });

  it('the mailbox guard at write time: the mailbox grew past the new quota, or an archive / hold is in use', () => {
    assert.deepEqual(guardProblems({ quotaGB: 50, archiveLost: false, holdLost: false }, { storageUsedBytes: 49.4e9 }), []);
    assert.deepEqual(guardProblems({ quotaGB: 50, archiveLost: true, holdLost: true }, { storageUsedBytes: 49.6e9, hasArchive: true, litigationHoldEnabled: true }), ['quota', 'archive', 'hold']);
    assert.deepEqual(guardProblems(undefined, { storageUsedBytes: 1e12 }), []);
  });
});
