/** The report summary card's view model (cards/report.json). Pure: a TenantReport and a link in, strings out. */
import { summarizeReport } from '../../report/summary';
import type { TenantReport } from '../../report/types';

export interface ReportCardView {
  title: string;
  subtitle: string;
  headline: string;
  headlineColor: 'Attention' | 'Good';
  findings: Array<{ label: string; value: string; detail: string; color: 'Attention' | 'Warning' | 'Good' }>;
  hasNotes: boolean;
  notes: string[];
  /** Empty when no link is offered (the card then only has "New download link"). */
  downloadUrl: string;
  reportId: string;
  linkActionTitle: string;
  footer: string;
}

export interface ReportLink {
  url: string;
  expiresAt: Date;
}

const COLOR = { attention: 'Attention', warning: 'Warning', good: 'Good' } as const;
const MAX_NOTES = 3;
const MAX_DETAIL = 200;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function when(date: Date): string {
  // "23 Nov 2026, 12:00 UTC": server time zone never leaks in, the reader knows what it means.
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${day}, ${date.toISOString().slice(11, 16)} UTC`;
}

export function reportCardView(report: TenantReport, reportId: string, link: ReportLink | null): ReportCardView {
  const summary = summarizeReport(report);
  const t = report.totals;
  const notes = summary.notes.slice(0, MAX_NOTES).map((n) => clip(n, MAX_DETAIL));
  return {
    title: 'License report',
    subtitle: `${t.users.toLocaleString('en-US')} users, ${t.licensedUsers.toLocaleString('en-US')} licensed · ${when(new Date(report.generatedAt))}`,
    headline: summary.headline,
    headlineColor: t.redundantLicenses ? 'Attention' : 'Good',
    findings: summary.findings.map((f) => ({ label: f.label, value: f.value, detail: clip(f.detail, MAX_DETAIL), color: COLOR[f.severity] })),
    hasNotes: notes.length > 0,
    notes,
    downloadUrl: link?.url ?? '',
    reportId,
    linkActionTitle: link ? 'New download link' : 'Get a download link',
    footer: link
      ? `The CSV has every finding, with the fix for each. The link works once, until ${link.expiresAt.toISOString().slice(11, 16)} UTC.`
      : 'The CSV has every finding, with the fix for each.',
  };
}
