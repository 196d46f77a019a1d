export * from './types';
export { createReportBuilder, fixForError, isNearExhaustion, lastSignInOf, NEAR_EXHAUSTION_SHARE, type ReportBuilder, type ReportBuilderOptions } from './builder';
export { CSV_COLUMNS, csvCell, csvLine, reportRows, toCsv, type CsvOptions, type CsvRow } from './csv';
export { formatMoney, summarizeReport, type ReportSummary, type SummaryFinding } from './summary';
