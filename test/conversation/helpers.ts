/** One trained engine for all conversation tests (training takes a fraction of a second, but only once). */
import { createUnderstanding, type UnderstandingContext, type UnderstandingEngine } from '../../src/conversation';

let engine: UnderstandingEngine | undefined;

export function testEngine(): UnderstandingEngine {
  return (engine ??= createUnderstanding());
}

/** A tenant like the demo's: Microsoft 365 E3/E5, Business Basic/Standard, Office 365 F3; a few people; a fixed day. */
export const TENANT: UnderstandingContext = {
  products: [
    { skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' },
    { skuPartNumber: 'SPE_E5', displayName: 'Microsoft 365 E5' },
    { skuPartNumber: 'O365_BUSINESS_ESSENTIALS', displayName: 'Microsoft 365 Business Basic' },
    { skuPartNumber: 'O365_BUSINESS_PREMIUM', displayName: 'Microsoft 365 Business Standard' },
    { skuPartNumber: 'DESKLESSPACK', displayName: 'Office 365 F3' },
  ],
  people: ['Megan Bowen', 'Alex Wilber', 'Lee Gu', 'Nestor Wilke'],
  now: new Date('2026-11-23T10:00:00Z'),
};
