/**
 * A batch's outcomes as CSV (RFC 4180, formula-safe cells, like the report's): one row per person, in the
 * order of the request, with what happened and Graph's reason. English, like the report's CSV.
 */
import { csvLine } from '../report/csv';
import type { BatchItem } from './batch';
import type { LicenseRequest } from './request';

export const BATCH_CSV_COLUMNS = ['request', 'person', 'upn', 'user_id', 'department', 'outcome', 'reason', 'graph_request_id', 'verified', 'revert'] as const;

const SKIP_WORDS: Record<string, string> = {
  'not-found': 'not found in the directory',
  ambiguous: 'several people have that name',
  'not-allowed': 'not the requester’s report',
  'listed-twice': 'listed twice',
  'already-has': 'already has it',
  'redundant-on-arrival': 'would be redundant (a superior plan stays)',
  'no-usage-location': 'no usage location',
  'replace-not-held': 'does not have the license to replace',
  'replace-inherited': 'the license to replace comes from a group',
  'mailbox-guard': 'blocked by the mailbox guard',
  'no-mailbox-left': 'would lose the mailbox',
  duplicate: 'already requested',
  'not-assignable': 'cannot be assigned',
  'no-seat': 'no seat left at approval',
};

export function batchCsv(request: LicenseRequest, items: readonly BatchItem[], options: { bom?: boolean } = {}): string {
  const lines = [csvLine([...BATCH_CSV_COLUMNS])];
  for (const i of items) {
    const outcome = i.state === 'skipped' ? (i.skip?.code === 'no-seat' ? 'excluded' : 'skipped') : i.state === 'ready' || i.state === 'writing' ? 'not run' : i.state;
    const reason = i.state === 'skipped' ? [SKIP_WORDS[i.skip?.code ?? ''] ?? i.skip?.code, i.skip?.detail].filter(Boolean).join(': ') : i.state === 'failed' ? i.outcome?.message ?? '' : '';
    lines.push(csvLine([request.id, i.person.name || i.query || '', i.person.upn ?? '', i.person.aadObjectId, i.person.department ?? '', outcome, reason, i.outcome?.graphRequestId ?? '', i.state === 'done' ? (i.outcome?.verified === false ? 'no' : 'yes') : '', i.revert?.state ?? '']));
  }
  return (options.bom ? '\ufeff' : '') + lines.join('');
}
