/**
 * Shared helpers for tests that drive the demo tenant (test/demo, test/graph): Contoso ids, fixture builders,
 * and small HTTP helpers for the /_demo endpoints. Every demo tenant listens on an ephemeral port.
 */
import contoso from '../../src/demo/fixtures/contoso.json';
import type { DemoFaults, DemoTenantOptions, StartedDemoTenant } from '../../src/demo/server';
import { startDemoTenant } from '../../src/demo/server';
import { createGraphGateway, type GraphGateway } from '../../src/graph/gateway';
import type { GraphGatewayOptions } from '../../src/graph/options';

export const ORG_ID = '1244eba3-f610-59e5-a2d1-b78898e91224';

export const SKU = {
  SPE_E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  BUSINESS_BASIC: '3b555118-da6a-4418-894f-7df1e2096870',
  BUSINESS_STANDARD: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
  DESKLESSPACK: '4b585984-651b-448a-9e53-3b10f069cf7f',
  EXCHANGESTANDARD: '4b9405b0-7788-4568-add1-99614e613b69',
  EXCHANGEDESKLESS: '80b2d799-d2ba-4d2a-8842-fb0d0f3a4b82',
  EXCHANGE_S_ESSENTIALS: 'e8f81a67-bd96-4074-b108-cf193eb9433b',
  TEAMS_EXPLORATORY: '710779e8-3d4a-4c88-adb9-386c958d1fdf',
  M365_F1: '44575883-256e-4a79-9da4-ebe9acabe2b2',
  /** Not in Contoso: legacy Midsize Business (EXCHANGE_S_STANDARD_MIDMARKET, does not stack). */
  MIDSIZEPACK: '04a7fb0d-32e0-4241-b4f5-3f7618cd1162',
} as const;

export const PLAN = {
  EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
};

export const USER = {
  adele: '1ea2962d-fdc5-5734-b838-b41e89e96ab1',
  alex: '76dd32f9-3711-561c-9021-a7e2e7ffaa62',
  megan: '77dca4bc-0541-5cdf-a3dc-b39518223a8a',
  lee: '9b8173dc-2045-5466-8777-3b78e34c67d9',
  isaiah: '29573025-2837-550f-81df-cd86bb09cd79',
  diego: '4b29c44d-157a-5930-b4fa-b0edf0278b95',
  nestor: 'd09afca3-f015-542d-b661-4510e5817b89',
  patti: '1f6d47eb-8008-56f5-8dc7-e87db2c125c9',
  lynne: '2f7f03c3-8f0a-5c24-9983-b00034561bbf',
  grady: 'a3207d19-66f2-5274-9e43-6cd8d05c1813',
  johanna: '1054b2ff-3be6-5c0a-b8e0-94a9dd33114f',
  miriam: '3c7c7faf-2cc4-5498-899a-38c29870ead6',
  pradeep: '1ae150a5-5dae-58f9-9794-1483693d5202',
  henrietta: '7c84e369-5d29-5e73-9fc6-252f41ec112e',
} as const;

export const GROUP = {
  approvers: '66a40e45-f6d7-58a4-a6df-3b854051249b',
  operationsE3: '8197409f-c049-5e18-9a6c-2e3d2289bd49',
} as const;

/** A fresh, mutable copy of the bundled Contoso fixture (raw JSON shape). */
export function contosoFixture(): any {
  return structuredClone(contoso);
}

/** Deterministic GUID-shaped id from a number (for generated fixtures). */
export function guidFor(prefix: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

/** Contoso plus `count` generated users (each with Business Basic when seats allow it; no mailbox). */
export function bigFixture(count: number): any {
  const f = contosoFixture();
  const basic = f.subscribedSkus.find((s: any) => s.skuId === SKU.BUSINESS_BASIC);
  basic.prepaidUnits.enabled = count + 100;
  for (let i = 0; i < count; i++) {
    f.users.push({
      id: guidFor(0xa11, i),
      displayName: `Generated User ${i}`,
      userPrincipalName: `user${i}@contoso.example`,
      mail: `user${i}@contoso.example`,
      jobTitle: 'Clerk',
      department: `Dept ${i % 7}`,
      usageLocation: 'US',
      accountEnabled: i % 10 !== 0,
      assignedLicenses: i % 2 === 0 ? [{ skuId: SKU.BUSINESS_BASIC, disabledPlans: [] }] : [],
    });
  }
  return f;
}

export interface DemoAndGateway {
  demo: StartedDemoTenant;
  graph: GraphGateway;
  close(): Promise<void>;
}

/** A demo tenant on an ephemeral port plus a gateway pointed at it (no retry back-off unless asked). */
export async function startDemoWithGateway(
  fixture?: unknown,
  gatewayOptions: GraphGatewayOptions = {},
  demoOptions: DemoTenantOptions = {},
): Promise<DemoAndGateway> {
  const demo = await startDemoTenant(fixture as never, demoOptions);
  const graph = createGraphGateway({ baseUrl: demo.baseUrl, retryDelaySeconds: 0, ...gatewayOptions });
  return { demo, graph, close: () => demo.close() };
}

export async function setFaults(demo: StartedDemoTenant, faults: DemoFaults): Promise<void> {
  const response = await fetch(`${demo.url}/_demo/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`faults: ${response.status} ${await response.text()}`);
}

export async function demoWrites(demo: StartedDemoTenant): Promise<Array<{ method: string; path: string; body: any; status: number; at: string }>> {
  return (await fetch(`${demo.url}/_demo/writes`)).json() as Promise<any>;
}

export async function demoRequests(demo: StartedDemoTenant): Promise<{ count: number; recent: Array<{ method: string; path: string; status: number; at: string }> }> {
  return (await fetch(`${demo.url}/_demo/requests`)).json() as Promise<any>;
}

/** A raw Graph call against the demo tenant, as any HTTP client would make it. */
export async function graphFetch(
  demo: StartedDemoTenant,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(`${demo.baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.headers ?? {}) },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}
