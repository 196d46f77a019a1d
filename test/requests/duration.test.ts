import assert from 'node:assert/strict';
import { durationText, endOf, parseDuration } from '../../src/requests/duration';

const now = new Date('2026-11-23T10:00:00Z');

describe('durations of temporary licenses', () => {
  it('reads periods in minutes, hours, days, weeks and months, with or without "for"', () => {
    assert.deepEqual(parseDuration('for 30 days', now), { ok: true, duration: { kind: 'for', amount: 30, unit: 'day' } });
    assert.deepEqual(parseDuration('10 minutes', now), { ok: true, duration: { kind: 'for', amount: 10, unit: 'minute' } });
    assert.deepEqual(parseDuration('2 Weeks', now), { ok: true, duration: { kind: 'for', amount: 2, unit: 'week' } });
    assert.deepEqual(parseDuration('6 months', now), { ok: true, duration: { kind: 'for', amount: 6, unit: 'month' } });
    assert.deepEqual(parseDuration('1h', now), { ok: true, duration: { kind: 'for', amount: 1, unit: 'hour' } });
  });

  it('reads end dates: a bare date runs through that day (UTC); a time is exact', () => {
    assert.deepEqual(parseDuration('until 2027-03-31', now), { ok: true, duration: { kind: 'until', at: '2027-04-01T00:00:00.000Z' } });
    assert.deepEqual(parseDuration('2027-03-31', now), { ok: true, duration: { kind: 'until', at: '2027-04-01T00:00:00.000Z' } });
    assert.deepEqual(parseDuration('until 2026-11-23 17:30', now), { ok: true, duration: { kind: 'until', at: '2026-11-23T17:30:00.000Z' } });
  });

  it('refuses nonsense, past dates, impossible dates and more than 3 years', () => {
    assert.deepEqual(parseDuration('a while', now), { ok: false, code: 'invalid', text: 'a while' });
    assert.equal(parseDuration('0 days', now).ok, false);
    assert.equal(parseDuration('5 fortnights', now).ok, false);
    assert.deepEqual(parseDuration('until 2026-01-01', now), { ok: false, code: 'past', text: 'until 2026-01-01' });
    assert.equal(parseDuration('2027-02-30', now).ok, false);
    assert.deepEqual(parseDuration('4000 days', now), { ok: false, code: 'too-long', text: '4000 days' });
  });

  it('ends: periods from when applied, calendar months clamp to the month end', () => {
    assert.equal(endOf({ kind: 'for', amount: 10, unit: 'minute' }, now).toISOString(), '2026-11-23T10:10:00.000Z');
    assert.equal(endOf({ kind: 'for', amount: 1, unit: 'month' }, new Date('2027-01-31T08:00:00Z')).toISOString(), '2027-02-28T08:00:00.000Z');
    assert.equal(endOf({ kind: 'until', at: '2027-04-01T00:00:00.000Z' }, now).toISOString(), '2027-04-01T00:00:00.000Z');
    assert.equal(durationText({ kind: 'for', amount: 1, unit: 'week' }), '1 week');
    assert.equal(durationText({ kind: 'for', amount: 30, unit: 'day' }), '30 days');
  });
});
