import type { GraphGateway } from '../graph/gateway';
import type { GraphUser } from '../graph/types';
import type { Person } from '../requests/request';
import type { BatchInfo } from '../requests/batch';
import { personByName } from './person-by-name';

/** One person as asked for: themselves, an Entra id (people picker, @mention), a UPN or mail, or a display name. */
export type PersonInput = { kind: 'self' } | { kind: 'id'; aadObjectId: string } | { kind: 'address'; value: string } | { kind: 'name'; value: string };

/** Who a batch is for. */
export type PeopleInput = { kind: 'people'; people: PersonInput[] } | { kind: 'group'; group: string } | { kind: 'team' };

export type ResolvedEntry = { query: string; user: GraphUser } | { query: string; user: null; code: 'not-found' | 'ambiguous'; candidates?: string[] };

export type ResolvedPeople =
  | { ok: true; source: BatchInfo['source']; entries: ResolvedEntry[] }
  | { ok: false; reason: 'group-not-found'; query: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns "a, b, c" / "members of <group>" / "my team" into Graph users with as few requests as possible: ids and
 * UPNs in $batch (20 per request); only mail addresses that are not UPNs and names cost a request each.
 */
export class PeopleResolver {
  constructor(private readonly graph: Pick<GraphGateway, 'batchGetUsers' | 'findUser' | 'findUsersByName' | 'findGroup' | 'getGroupMemberIds' | 'getDirectReports'>) {}

  async resolve(actor: Person, input: PeopleInput): Promise<ResolvedPeople> {
    if (input.kind === 'team') {
      const reports = await this.graph.getDirectReports(actor.aadObjectId);
      return { ok: true, source: { kind: 'team' }, entries: await this.byIds(reports.map((r) => r.id)) };
    }
    if (input.kind === 'group') {
      const group = await this.graph.findGroup(input.group);
      if (!group) return { ok: false, reason: 'group-not-found', query: input.group };
      const ids = await this.graph.getGroupMemberIds(group.id);
      return { ok: true, source: { kind: 'group', groupName: group.displayName ?? input.group }, entries: await this.byIds(ids) };
    }
    const keyed = input.people.map((p) => (p.kind === 'self' ? actor.aadObjectId : p.kind === 'id' ? p.aadObjectId : p.kind === 'address' ? p.value : undefined));
    const direct = await this.graph.batchGetUsers([...new Set(keyed.filter((k): k is string => Boolean(k)))]);
    const entries: ResolvedEntry[] = [];
    for (const [i, p] of input.people.entries()) {
      const query = p.kind === 'self' ? actor.name : p.kind === 'id' ? p.aadObjectId : p.value;
      const key = keyed[i];
      if (key) {
        let user = direct.get(key) ?? null;
        // A mail or proxy address that is not a UPN: one $filter request.
        if (!user && !GUID.test(key)) user = await this.graph.findUser(key);
        entries.push(user ? { query, user } : { query, user: null, code: 'not-found' });
        continue;
      }
      entries.push(await this.byName(query));
    }
    return { ok: true, source: { kind: 'people' }, entries };
  }

  private async byIds(ids: string[]): Promise<ResolvedEntry[]> {
    const users = await this.graph.batchGetUsers(ids);
    return ids.map((id) => {
      const user = users.get(id) ?? null;
      return user ? { query: id, user } : { query: id, user: null, code: 'not-found' as const };
    });
  }

  /** A display name: one exact match (or a single candidate) is the person; several are ambiguous. */
  private async byName(name: string): Promise<ResolvedEntry> {
    const match = await personByName(this.graph, name);
    if (match.kind === 'none') return { query: name, user: null, code: 'not-found' };
    if (match.kind === 'several') return { query: name, user: null, code: 'ambiguous', candidates: match.candidates.map((u) => u.displayName ?? u.userPrincipalName ?? u.id) };
    const pick = match.user;
    const user = (await this.graph.batchGetUsers([pick.id])).get(pick.id) ?? null;
    return user ? { query: name, user } : { query: name, user: null, code: 'not-found' };
  }
}
