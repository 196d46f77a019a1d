import type { AppConfig } from '../config';
import type { RequestStore } from './request-store';

/** Azure Table Storage backend (being built: issue 7). */
export class TableRequestStore {
  static async open(_config: AppConfig['store']): Promise<RequestStore> {
    throw new Error('STORE=table is not available in this build yet; use the default embedded store.');
  }
}
