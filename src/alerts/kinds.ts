/** The alert kinds approvers switch on and off, and the words they may use for them. */
import type { AlertKind } from './types';

export const ALERT_KINDS: readonly AlertKind[] = ['group-errors', 'seats', 'subscriptions', 'mailboxes', 'watch', 'digest'];

const SYNONYMS: Record<string, AlertKind> = {
  'group-errors': 'group-errors',
  'group-error': 'group-errors',
  groups: 'group-errors',
  group: 'group-errors',
  errors: 'group-errors',
  'group-licensing': 'group-errors',
  licensing: 'group-errors',
  seats: 'seats',
  seat: 'seats',
  subscriptions: 'subscriptions',
  subscription: 'subscriptions',
  renewals: 'subscriptions',
  mailboxes: 'mailboxes',
  mailbox: 'mailboxes',
  'mailbox-at-risk': 'mailboxes',
  watch: 'watch',
  permissions: 'watch',
  digest: 'digest',
  weekly: 'digest',
  'weekly-digest': 'digest',
};

/** "Group errors", "seat", "weekly digest" → the kind; undefined when it names none. */
export function parseAlertKind(text: string): AlertKind | undefined {
  const word = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return SYNONYMS[word];
}

/** Per-approver switches: every kind is on unless switched off. */
export interface AlertPreferences {
  aadObjectId: string;
  off: AlertKind[];
  updatedAt: string;
}

export function wants(preferences: AlertPreferences | undefined, kind: AlertKind): boolean {
  return !preferences?.off.includes(kind);
}

export function switchKind(preferences: AlertPreferences | undefined, aadObjectId: string, kind: AlertKind, on: boolean, now: Date): AlertPreferences {
  const off = new Set(preferences?.off ?? []);
  if (on) off.delete(kind);
  else off.add(kind);
  return { aadObjectId: aadObjectId.toLowerCase(), off: ALERT_KINDS.filter((k) => off.has(k)), updatedAt: now.toISOString() };
}
