/**
 * "Why can't I …" problems, as stable ids the understanding layer recognises, mapped to the feature that
 * answers them; checkFeature then gives the real reason (a disabled plan, a lower tier, no licence) and the fix.
 */
import type { FeatureId } from './feature-ids';

export const WHY_NOT_FEATURE = {
  'install-office': 'desktop-apps',
  'edit-documents': 'edit-documents',
  'outlook-desktop': 'outlook-desktop',
  'call-outside': 'teams-phone',
  'dial-in': 'audio-conferencing',
  'share-power-bi': 'power-bi-pro',
  'more-onedrive': 'onedrive',
} as const satisfies Record<string, FeatureId>;

export type WhyNotProblem = keyof typeof WHY_NOT_FEATURE;

export function featureForProblem(problem: WhyNotProblem): FeatureId {
  return WHY_NOT_FEATURE[problem];
}
