/** The `alerts` list card's view model (cards/alerts.json). Pure; worded in the reader's language (alert.list.*). */
import { ALERT_KINDS } from '../../alerts/kinds';
import type { AlertPreferences } from '../../alerts/kinds';
import type { AlertKind, Incident } from '../../alerts/types';
import { messagesFor, type MessageKey, type Messages } from '../i18n';
import { alertTitle, SEVERITY_INLINE } from './alert-view';

export interface AlertsListView {
  lang: string;
  title: string;
  empty: string;
  incidents: Array<{ id: string; title: string; detail: string; color: 'Attention' | 'Warning' | 'Default' }>;
  switches: string;
  usage: string;
}

const COLOR = { high: 'Attention', medium: 'Warning', low: 'Default' } as const;

/** A kind as people read it; English shows the command word itself ("alerts off seats"). */
export const KIND: Record<AlertKind, MessageKey> = {
  'group-errors': 'alert.kind.group-errors',
  seats: 'alert.kind.seats',
  subscriptions: 'alert.kind.subscriptions',
  mailboxes: 'alert.kind.mailboxes',
  watch: 'alert.kind.watch',
  digest: 'alert.kind.digest',
};

export function alertsListView(incidents: Incident[], preferences: AlertPreferences | undefined, m: Messages = messagesFor('en')): AlertsListView {
  const off = preferences?.off ?? [];
  const on = ALERT_KINDS.filter((k) => !off.includes(k));
  const names = (kinds: readonly AlertKind[]) => m.list(kinds.map((k) => m.t(KIND[k])));
  const switches = !off.length ? m.t('alert.list.switches', { on: names(on) }) : on.length ? m.t('alert.list.switches.off', { on: names(on), off: names(off) }) : m.t('alert.list.switches.none', { off: names(off) });
  return {
    lang: m.language,
    title: incidents.length ? m.t('alert.list.title.count', { count: incidents.length }) : m.t('alert.list.title'),
    empty: m.t('alert.list.empty'),
    incidents: incidents.map((i) => ({
      id: i.id,
      title: alertTitle(i.cause, m),
      detail: [m.t(SEVERITY_INLINE[i.severity]), i.id, m.t('alert.list.since', { at: m.date(i.raisedAt, 'dateTime') }), ...(i.affectedCount ? [m.t('alert.list.affected', { count: i.affectedCount })] : [])].join(' · '),
      color: COLOR[i.severity],
    })),
    switches,
    // The command words stay English: the parser reads English commands.
    usage: m.t('alert.list.usage', { kinds: ALERT_KINDS.join(', ') }),
  };
}
