import type { RequestStore } from './request-store';
import { ConcurrencyError } from './request-store';
import type { LicenseRequest } from '../requests/request';

/**
 * Applies `change` to the freshest stored request and saves it, re-reading and re-applying on a version
 * conflict. `change` returns undefined to leave the request as it is (e.g. it was decided meanwhile).
 */
export async function saveWithRetry(
  store: RequestStore,
  id: string,
  change: (current: LicenseRequest) => LicenseRequest | undefined,
  attempts = 5,
): Promise<{ saved: boolean; request: LicenseRequest | undefined }> {
  for (let i = 0; i < attempts; i++) {
    const current = await store.get(id);
    if (!current) return { saved: false, request: undefined };
    const next = change(current);
    if (!next) return { saved: false, request: current };
    try {
      return { saved: true, request: await store.update(next) };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
  throw new ConcurrencyError(id);
}
