/** The `alerts` list card's view model (cards/alerts.json). Pure; its English text lives here. */
import { ALERT_KINDS } from '../../alerts/kinds';
import type { AlertPreferences } from '../../alerts/kinds';
import type { Incident } from '../../alerts/types';
import { alertTitle } from './alert-view';

export interface AlertsListView {
  title: string;
  empty: string;
  incidents: Array<{ id: string; title: string; detail: string; color: 'Attention' | 'Warning' | 'Default' }>;
  switches: string;
  usage: string;
}

const COLOR = { high: 'Attention', medium: 'Warning', low: 'Default' } as const;

export function alertsListView(incidents: Incident[], preferences: AlertPreferences | undefined): AlertsListView {
  const off = preferences?.off ?? [];
  const on = ALERT_KINDS.filter((k) => !off.includes(k));
  return {
    title: incidents.length ? `Open alerts (${incidents.length})` : 'Open alerts',
    empty: 'Nothing needs you right now: no group-licensing errors, seat shortages, subscriptions at risk or disconnected mailboxes.',
    incidents: incidents.map((i) => ({
      id: i.id,
      title: alertTitle(i.cause),
      detail: `${i.severity} · ${i.id} · since ${i.raisedAt.slice(0, 16).replace('T', ' ')} UTC${i.affectedCount ? ` · ${i.affectedCount} affected` : ''}`,
      color: COLOR[i.severity],
    })),
    switches: `You get: ${on.length ? on.join(', ') : 'nothing'}${off.length ? ` · switched off: ${off.join(', ')}` : ''}.`,
    usage: `Switch with "alerts off ‹kind›" / "alerts on ‹kind›". Kinds: ${ALERT_KINDS.join(', ')}.`,
  };
}
