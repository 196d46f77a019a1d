/** The card checker knows Teams' chart elements: it accepts good ones and names what is wrong with bad ones. */
import assert from 'node:assert/strict';
import { cardProblems, chartProblems } from '../helpers/card-validation';

const heading = { type: 'TextBlock', text: 'Seats per product', weight: 'Bolder' };
const stacked = {
  type: 'Chart.HorizontalBar.Stacked',
  title: 'Seats per product',
  data: [{ title: 'Microsoft 365 E3', data: [{ legend: 'In use', value: 391, color: 'categoricalBlue' }, { legend: 'Free', value: 38, color: 'neutral' }] }],
  fallback: { type: 'TextBlock', text: 'Microsoft 365 E3: 391 in use, 38 free', wrap: true },
};
const card = (body: unknown[]) => ({ type: 'AdaptiveCard', version: '1.5', body });

describe('card validation: chart elements', () => {
  it('accepts a chart with a heading before it and a fallback TextBlock (and parses the rest of the card)', () => {
    assert.deepEqual(cardProblems(card([heading, stacked])), []);
    assert.deepEqual(chartProblems({ type: 'Chart.Line', title: 't', data: [{ legend: 'Waste', values: [{ x: 'W47', y: 1 }, { x: 'W48', y: 2 }] }], fallback: { type: 'TextBlock', text: 'W47 1 → W48 2' } }), []);
  });

  it('names a missing fallback, heading or title, too many items, bad shapes and unknown colours', () => {
    const { fallback: _f, ...noFallback } = stacked;
    assert.match(cardProblems(card([heading, noFallback])).join('\n'), /no fallback TextBlock/);
    assert.match(cardProblems(card([stacked])).join('\n'), /no TextBlock heading right before it/);
    assert.match(chartProblems({ ...stacked, title: '' }).join('\n'), /no title/);
    const nine = { type: 'Chart.HorizontalBar', title: 't', data: Array.from({ length: 9 }, (_, i) => ({ x: `x${i}`, y: i })), fallback: { type: 'TextBlock', text: 'x' } };
    assert.match(chartProblems(nine).join('\n'), /9 items \(at most 8\)/);
    assert.match(chartProblems({ ...nine, data: [{ x: 'a', y: '12' }] }).join('\n'), /needs x and a numeric y/);
    assert.match(chartProblems({ ...stacked, data: [{ title: 'E3', data: [{ legend: 'In use', value: 1, color: 'blue' }] }] }).join('\n'), /unknown color blue/);
    assert.match(chartProblems({ ...stacked, type: 'Chart.Sankey' }).join('\n'), /unknown chart type/);
    assert.match(chartProblems({ type: 'Chart.Line', title: 't', data: [{ legend: 'l', values: [] }], fallback: { type: 'TextBlock', text: 'x' } }).join('\n'), /a series needs a legend and values/);
  });

  it('the rest of the card is still checked by the adaptivecards library (the chart is parsed as its fallback)', () => {
    assert.match(cardProblems(card([heading, stacked, { type: 'NoSuchElement' }])).join('\n'), /UnknownElementType/);
    assert.match(cardProblems(card([heading, { ...stacked, fallback: { type: 'TextBlock', text: 'x', size: 'Huge' } }])).join('\n'), /size|Huge/i);
  });
});
