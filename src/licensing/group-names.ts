import type { Resolution } from './resolution';
import { assignmentErrorMessage } from './resolver';

/**
 * The resolution with group names where it shows groups: a group-licensing error names the group instead of its
 * id. Pure; the resolution itself is shared and frozen (memoised), so this returns a copy.
 */
export function withGroupNames(resolution: Resolution, groupNames: ReadonlyMap<string, string>): Resolution {
  const named = (id: string | undefined) => (id ? (groupNames.get(id) ?? groupNames.get(id.toLowerCase())) : undefined);
  if (!resolution.conflicts.some((c) => named(c.groupId))) return resolution;
  return {
    ...resolution,
    conflicts: resolution.conflicts.map((c) => {
      const groupName = named(c.groupId);
      if (!groupName || c.kind !== 'assignment-error' || !c.productName || !c.state || !c.error) return c;
      // The phrase (what the cards render in each language) names the group too.
      const phrase = c.phrase?.values ? { ...c.phrase, values: { ...c.phrase.values, group: groupName } } : c.phrase;
      return { ...c, groupName, phrase, message: assignmentErrorMessage(c.productName, c.state, c.error, groupName) };
    }),
  };
}
