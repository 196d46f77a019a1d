/**
 * The things people ask for by name ("do I have Visio?", "can I get an archive?"), as stable ids.
 * The understanding layer maps words in each language to these ids; src/licensing/features.ts maps each id
 * to the Microsoft service plans that grant it; the locale catalogs name them for people.
 */
export const FEATURE_IDS = [
  // Exchange
  'mailbox',
  'archive',
  'litigation-hold',
  'outlook-desktop',
  // Office
  'desktop-apps',
  'office-web',
  'edit-documents',
  // Files and collaboration
  'onedrive',
  'sharepoint',
  'teams',
  'teams-phone',
  'audio-conferencing',
  'teams-premium',
  // Add-on products
  'visio',
  'project',
  'power-bi-pro',
  'power-bi-premium',
  'copilot',
  'power-automate',
  'power-automate-premium',
  'power-apps',
  // Premium connectors / Dataverse (Power Apps per app or Premium), as power-automate-premium is for flows.
  'power-apps-premium',
  // Security and management
  'entra-p1',
  'entra-p2',
  'intune',
  'defender-office',
  'defender-endpoint',
  'purview',
] as const;

export type FeatureId = (typeof FEATURE_IDS)[number];

export function isFeatureId(value: string): value is FeatureId {
  return (FEATURE_IDS as readonly string[]).includes(value);
}
