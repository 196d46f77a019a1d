/**
 * How long a temporary license lasts: "30 days", "2 weeks", "10 minutes", "6 months", or an end date
 * ("until 2027-03-31", "2027-03-31 17:00"). Pure: the clock comes in. Minutes are allowed so a revert can be
 * watched in a demo; a period is at most 3 years (anything longer is not temporary).
 */
export type DurationUnit = 'minute' | 'hour' | 'day' | 'week' | 'month';

export type LicenseDuration =
  /** Counted from when the change is applied (approval may take a while). */
  | { kind: 'for'; amount: number; unit: DurationUnit }
  /** A fixed end, ISO instant (UTC). */
  | { kind: 'until'; at: string };

export type DurationParse = { ok: true; duration: LicenseDuration } | { ok: false; code: 'invalid' | 'too-long' | 'past'; text: string };

const UNITS: Record<string, DurationUnit> = {
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
  mo: 'month', month: 'month', months: 'month',
};

const UNIT_MS: Record<Exclude<DurationUnit, 'month'>, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };
export const MAX_DURATION_MS = 3 * 366 * 86_400_000;

/** "for 30 days" / "30 days" / "until 2027-03-31" / "2027-03-31T17:00" → a duration; `now` only to refuse past dates. */
export function parseDuration(raw: string, now: Date): DurationParse {
  const text = raw.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  const period = /^(?:for\s+)?(\d{1,4})\s*([a-z]+)$/.exec(lower);
  if (period) {
    const amount = Number(period[1]);
    const unit = UNITS[period[2]];
    if (!unit || amount < 1) return { ok: false, code: 'invalid', text };
    const duration: LicenseDuration = { kind: 'for', amount, unit };
    if (endOf(duration, now).getTime() - now.getTime() > MAX_DURATION_MS) return { ok: false, code: 'too-long', text };
    return { ok: true, duration };
  }
  const date = /^(?:until\s+|till\s+|to\s+)?(\d{4}-\d{2}-\d{2})(?:[t ](\d{2}):(\d{2}))?(?:z|utc)?$/.exec(lower);
  if (date) {
    // A bare date means "through that day": the change reverts when the day is over (UTC).
    const at = date[2] ? new Date(`${date[1]}T${date[2]}:${date[3]}:00Z`) : new Date(Date.parse(`${date[1]}T00:00:00Z`) + 86_400_000);
    if (Number.isNaN(at.getTime()) || !sameCalendarDay(date[1])) return { ok: false, code: 'invalid', text };
    if (at.getTime() <= now.getTime()) return { ok: false, code: 'past', text };
    if (at.getTime() - now.getTime() > MAX_DURATION_MS) return { ok: false, code: 'too-long', text };
    return { ok: true, duration: { kind: 'until', at: at.toISOString() } };
  }
  return { ok: false, code: 'invalid', text };
}

/** Rejects dates JavaScript would roll over (2027-02-30 → March 2). */
function sameCalendarDay(isoDate: string): boolean {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === isoDate;
}

/** When a change applied at `from` ends. Months are calendar months (Jan 31 + 1 month → Feb 28/29). */
export function endOf(duration: LicenseDuration, from: Date): Date {
  if (duration.kind === 'until') return new Date(duration.at);
  if (duration.unit !== 'month') return new Date(from.getTime() + duration.amount * UNIT_MS[duration.unit]);
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + duration.amount);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The same duration as plain words for storage and the Extend default ("30 days", "until 2027-03-31T00:00:00.000Z"). */
export function durationText(duration: LicenseDuration): string {
  if (duration.kind === 'until') return duration.at;
  return `${duration.amount} ${duration.unit}${duration.amount === 1 ? '' : 's'}`;
}
