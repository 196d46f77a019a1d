/**
 * When the monthly report goes out (issue 17): `REPORT_SCHEDULE` = `monthly[:DAY][@HH:MM]` (default `monthly:1@07:00`,
 * UTC; a day past the month's end is its last day), `weekly[:mon..sun][@HH:MM]`, or `off`. A run is due from its
 * moment for a catch-up window (default 2 days: an instance down on the 1st sends on the 2nd, a deployment started
 * on the 20th does not send the 1st's report); the store makes each period's run happen once per deployment. Pure.
 */
import { isoWeek } from './history';

export type ReportSchedule =
  | { kind: 'off' }
  | { kind: 'monthly'; day: number; hour: number; minute: number }
  | { kind: 'weekly'; weekday: number; hour: number; minute: number };

export const DEFAULT_REPORT_SCHEDULE = 'monthly:1@07:00';
export const DEFAULT_CATCH_UP_MS = 2 * 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export class ScheduleError extends Error {}

export function parseReportSchedule(text: string = DEFAULT_REPORT_SCHEDULE): ReportSchedule {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === '0' || value === 'none') return { kind: 'off' };
  const m = /^(monthly|weekly)(?::([a-z0-9]+))?(?:@(\d{1,2}):(\d{2}))?$/.exec(value);
  if (!m) throw new ScheduleError(`"${text}" is not a schedule: use monthly[:DAY][@HH:MM], weekly[:mon..sun][@HH:MM] or off`);
  const hour = m[3] === undefined ? 7 : Number(m[3]);
  const minute = m[4] === undefined ? 0 : Number(m[4]);
  if (hour > 23 || minute > 59) throw new ScheduleError(`"${text}": the time must be HH:MM (UTC), 00:00 to 23:59`);
  if (m[1] === 'monthly') {
    const day = m[2] === undefined ? 1 : Number(m[2]);
    if (!Number.isInteger(day) || day < 1 || day > 31) throw new ScheduleError(`"${text}": the day of the month must be 1 to 31`);
    return { kind: 'monthly', day, hour, minute };
  }
  const weekday = m[2] === undefined ? 1 : WEEKDAYS.indexOf(m[2].slice(0, 3));
  if (weekday < 0) throw new ScheduleError(`"${text}": the weekday must be mon, tue, wed, thu, fri, sat or sun`);
  return { kind: 'weekly', weekday, hour, minute };
}

/** The latest scheduled moment at or before `now` and its period key ("2026-12" monthly, "2026-W49" weekly). */
export function lastScheduledRun(schedule: ReportSchedule, now: Date): { period: string; at: Date } | undefined {
  if (schedule.kind === 'off') return undefined;
  if (schedule.kind === 'monthly') {
    const moment = (year: number, month: number) => {
      const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      return new Date(Date.UTC(year, month, Math.min(schedule.day, last), schedule.hour, schedule.minute));
    };
    let year = now.getUTCFullYear();
    let month = now.getUTCMonth();
    let at = moment(year, month);
    if (at > now) {
      month--;
      if (month < 0) {
        month = 11;
        year--;
      }
      at = moment(year, month);
    }
    return { period: `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`, at };
  }
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), schedule.hour, schedule.minute));
  let back = (today.getUTCDay() - schedule.weekday + 7) % 7;
  if (back === 0 && today > now) back = 7;
  const at = new Date(today.getTime() - back * 86_400_000);
  return { period: isoWeek(at), at };
}

/** The run due now (within the catch-up window after its moment), or undefined. */
export function scheduledRunDue(schedule: ReportSchedule, now: Date, catchUpMs = DEFAULT_CATCH_UP_MS): { period: string; at: Date } | undefined {
  const last = lastScheduledRun(schedule, now);
  if (!last) return undefined;
  return now.getTime() - last.at.getTime() < catchUpMs ? last : undefined;
}
