import type { LicenseRequest, RequestStatus } from '../requests/request';
import type { ConversationReferenceStore } from './conversation-references';

export interface AuditEntry {
  requestId: string;
  at: string;
  /** Who acted: a person's aadObjectId, or "system". */
  actor: string;
  action: string;
  outcome: 'ok' | 'refused' | 'failed' | 'info';
  detail?: string;
  graphRequestId?: string;
}

/** Thrown when an update carries a stale version: someone else changed the request first. */
export class ConcurrencyError extends Error {
  constructor(readonly requestId: string) {
    super(`Request ${requestId} was changed by someone else.`);
  }
}

/**
 * Requests, their audit trail and conversation references. Backend-neutral: the embedded SQLite store and
 * the Azure Table Storage store both pass test/store/request-store-contract.ts.
 */
export interface RequestStore extends ConversationReferenceStore {
  create(request: LicenseRequest): Promise<LicenseRequest>;
  get(id: string): Promise<LicenseRequest | undefined>;
  /** Saves `request` if its version is the stored one; returns it with the new version. Else ConcurrencyError. */
  update(request: LicenseRequest): Promise<LicenseRequest>;
  byRequester(aadObjectId: string, limit?: number): Promise<LicenseRequest[]>;
  byStatus(status: RequestStatus, limit?: number): Promise<LicenseRequest[]>;
  /** Pending requests whose expiresAt is at or before `isoTime`. */
  expiringBefore(isoTime: string): Promise<LicenseRequest[]>;
  appendAudit(entry: AuditEntry): Promise<void>;
  audit(requestId: string): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
