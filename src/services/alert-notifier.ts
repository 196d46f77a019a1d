import type { DigestLine } from '../alerts/digest';
import type { AlertCardLocation, DigestFigures, Incident } from '../alerts/types';
import type { TrendPoint } from '../report/history';
import type { TenantReport } from '../report/types';

/** The weekly digest as the notifier renders it. */
export interface WeeklyDigest {
  figures: DigestFigures;
  lines: DigestLine[];
  report: TenantReport;
  /** When last week's figures were taken (undefined for the first digest). */
  previousAt?: string;
  /** Waste per month at each weekly snapshot, oldest first (the report's history), when kept. */
  trend?: readonly TrendPoint[];
}

/**
 * How the tenant watcher reaches approvers in Teams. Implemented in src/bot with proactive messages, like
 * RequestNotifier; the watcher stays free of botbuilder.
 */
export interface AlertNotifier {
  /** Posts the incident's card to an approver's personal chat; undefined when the bot is not installed for them. */
  postIncidentCard(incident: Incident, aadObjectId: string): Promise<AlertCardLocation | undefined>;
  /** Posts it to the configured approvals channel; undefined when none is configured or known. */
  postChannelIncidentCard(incident: Incident): Promise<AlertCardLocation | undefined>;
  /** Re-renders every copy of the incident's card with its current state (edited in place). */
  updateIncidentCards(incident: Incident): Promise<void>;
  /** The weekly digest to an approver's chat, or to the channel when aadObjectId is undefined. */
  postDigest(digest: WeeklyDigest, aadObjectId?: string): Promise<boolean>;
  /** People who have the bot installed in a personal chat (aadObjectIds). */
  reachablePeople(): Promise<string[]>;
  /** A fingerprint of where cards can go (installed chats, the channel): delivery is re-checked when it changes. */
  audienceFingerprint(): Promise<string>;
}
