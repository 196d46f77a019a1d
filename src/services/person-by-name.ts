import type { GraphGateway } from '../graph/gateway';
import type { UserSummary } from '../graph/types';

export type NameMatch = { kind: 'one'; user: UserSummary } | { kind: 'several'; candidates: UserSummary[] } | { kind: 'none' };

/** How many people a name that matches several is answered with. */
const CANDIDATES = 5;

/**
 * A display name typed for a person ("Megan Bowen", "Megan"): one exact match, or the only match, is that person;
 * several are never guessed between — the caller lists them. One Graph request.
 */
export async function personByName(graph: Pick<GraphGateway, 'findUsersByName'>, name: string): Promise<NameMatch> {
  const matches = await graph.findUsersByName(name, 10);
  const wanted = name.trim().toLowerCase();
  const exact = matches.filter((u) => (u.displayName ?? '').toLowerCase() === wanted);
  if (exact.length === 1) return { kind: 'one', user: exact[0] };
  if (matches.length === 1) return { kind: 'one', user: matches[0] };
  return matches.length === 0 ? { kind: 'none' } : { kind: 'several', candidates: matches.slice(0, CANDIDATES) };
}
