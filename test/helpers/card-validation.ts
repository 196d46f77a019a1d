import assert from 'node:assert/strict';
import * as AC from 'adaptivecards';

/** Parses a card with Microsoft's adaptivecards library; any parse event (unknown type, bad value) is an error. */
export function cardProblems(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card as object, context);
  const problems: string[] = [];
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
