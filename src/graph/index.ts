export * from './errors';
export * from './gateway';
export * from './options';
export * from './types';
export { parseMailboxUsageCsv, MAILBOX_USAGE_COLUMNS, DEMO_LITIGATION_HOLD_COLUMN } from './mailbox-report';
