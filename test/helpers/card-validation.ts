import assert from 'node:assert/strict';
import * as AC from 'adaptivecards';

/**
 * Teams' native chart elements (not in the adaptivecards library): their `data` shapes as the Teams docs, the teams.ts
 * schema and the Playground renderer agree (../shared/reference/report-charts-billing.md, A.2), and our own rules:
 * a `title` for screen readers, a TextBlock heading right before the chart (Teams does not draw titles), a `fallback`
 * TextBlock with the numbers (Teams mobile draws no charts), at most 8 items.
 */
export const CHART_TYPES = ['Chart.Donut', 'Chart.Pie', 'Chart.Gauge', 'Chart.VerticalBar', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar', 'Chart.HorizontalBar.Stacked', 'Chart.Line'] as const;
export const MAX_CHART_ITEMS = 8;
const CHART_COLORS = new Set([
  'good', 'warning', 'attention', 'neutral',
  ...['Red', 'Purple', 'Lavender', 'Blue', 'LightBlue', 'Teal', 'Green', 'Lime', 'Marigold'].map((c) => `categorical${c}`),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `sequential${n}`),
  ...['Blue', 'LightBlue', 'Cyan', 'Teal', 'Yellow', 'Peach', 'LightRed', 'Red', 'Maroon', 'Gray'].map((c) => `diverging${c}`),
]);

type Json = Record<string, any>;
const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** Problems of one chart element (its data shape, colours, title, fallback, item count). */
export function chartProblems(chart: Json, where = chart.type): string[] {
  const problems: string[] = [];
  const p = (m: string) => problems.push(`${where}: ${m}`);
  if (!(CHART_TYPES as readonly string[]).includes(chart.type)) p(`unknown chart type ${chart.type}`);
  if (!isText(chart.title)) p('no title (screen readers read it)');
  const fb = chart.fallback;
  if (!fb || typeof fb !== 'object' || fb.type !== 'TextBlock' || !isText(fb.text)) p('no fallback TextBlock with text (Teams mobile draws no charts)');
  const color = (c: unknown, at: string) => c !== undefined && !CHART_COLORS.has(String(c)) && p(`${at}: unknown color ${String(c)}`);
  color(chart.color, 'color');
  const items = chart.type === 'Chart.Gauge' ? chart.segments : chart.data;
  if (!Array.isArray(items) || items.length === 0) p('no data');
  else if (items.length > MAX_CHART_ITEMS) p(`${items.length} items (at most ${MAX_CHART_ITEMS})`);
  for (const [i, item] of (Array.isArray(items) ? items : []).entries()) {
    const at = `data[${i}]`;
    switch (chart.type) {
      case 'Chart.Donut':
      case 'Chart.Pie':
        if (!isText(item.legend) || !isNumber(item.value)) p(`${at}: needs legend and a numeric value`);
        break;
      case 'Chart.Gauge':
        if (!isText(item.legend) || !isNumber(item.size)) p(`${at}: a segment needs legend and a numeric size`);
        break;
      case 'Chart.VerticalBar':
      case 'Chart.HorizontalBar':
        if (!(isText(item.x) || isNumber(item.x)) || !isNumber(item.y)) p(`${at}: needs x and a numeric y`);
        break;
      case 'Chart.HorizontalBar.Stacked':
        if (!isText(item.title) || !Array.isArray(item.data) || item.data.length === 0) p(`${at}: a bar needs a title and data`);
        for (const [j, d] of (item.data ?? []).entries()) {
          if (!isText(d.legend) || !isNumber(d.value) || d.value < 0) p(`${at}.data[${j}]: needs legend and a value ≥ 0`);
          color(d.color, `${at}.data[${j}]`);
        }
        break;
      case 'Chart.VerticalBar.Grouped':
      case 'Chart.Line':
        if (!isText(item.legend) || !Array.isArray(item.values) || item.values.length === 0) p(`${at}: a series needs a legend and values`);
        else if (item.values.length > MAX_CHART_ITEMS) p(`${at}: ${item.values.length} points (at most ${MAX_CHART_ITEMS})`);
        for (const [j, v] of (item.values ?? []).entries()) if (!(isText(v.x) || isNumber(v.x)) || !isNumber(v.y)) p(`${at}.values[${j}]: needs x and a numeric y`);
        break;
    }
    color(item.color, at);
  }
  return problems;
}

/** Every chart in a card (with its heading check), and the card with each chart replaced by its fallback. */
function extractCharts(card: unknown): { problems: string[]; charts: Json[]; withoutCharts: unknown } {
  const problems: string[] = [];
  const charts: Json[] = [];
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.map((child, i) => {
        if (child && typeof child === 'object' && typeof (child as Json).type === 'string' && (child as Json).type.startsWith('Chart.')) {
          const chart = child as Json;
          charts.push(chart);
          problems.push(...chartProblems(chart, `${chart.type} "${chart.title ?? ''}"`));
          const before = node[i - 1] as Json | undefined;
          if (chart.type !== 'Chart.Gauge' && !(before?.type === 'TextBlock' && isText(before.text))) problems.push(`${chart.type} "${chart.title ?? ''}": no TextBlock heading right before it (Teams does not draw chart titles)`);
          return walk(chart.fallback ?? { type: 'TextBlock', text: '' });
        }
        return walk(child);
      });
    }
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return { problems, charts, withoutCharts: walk(card) };
}

/** The chart elements of a rendered card, in order. */
export function chartsOf(card: unknown): Json[] {
  return extractCharts(card).charts;
}

/**
 * Parses a card with Microsoft's adaptivecards library; any parse event (unknown type, bad value) is an error.
 * Chart elements are checked by chartProblems and then parsed as their fallback (the library has no charts).
 */
export function cardProblems(card: unknown): string[] {
  const { problems, withoutCharts } = extractCharts(card);
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(withoutCharts as object, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  const version = (card as { version?: string }).version;
  if (version !== '1.5') problems.push(`version is ${version}, expected 1.5`);
  if (JSON.stringify(card).includes('${')) {
    // A binding left unexpanded means the template referenced a field the view model lacks.
    const leftover = JSON.stringify(card).match(/\$\{[^}]*\}/g) ?? [];
    problems.push(...leftover.map((l) => `unexpanded binding ${l}`));
  }
  return problems;
}

export function assertValidCard(card: unknown, label = 'card'): void {
  assert.deepEqual(cardProblems(card), [], `${label} has problems`);
}
