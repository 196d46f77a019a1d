/** Shared set-up for the report tests: Contoso (and variants of it) served by the demo tenant. */
import contoso from '../../src/demo/fixtures/contoso.json';
import { startDemoTenant, type StartedDemoTenant } from '../../src/demo/server';
import { createGraphGateway, type GraphGateway } from '../../src/graph/gateway';
import { Catalog } from '../../src/licensing/catalog';
import { priceList } from '../../src/licensing/prices';
import { TenantReportService, type TenantReportServiceDeps } from '../../src/services/tenant-report';

/** "Today" for every report test: 2026-11-23, noon UTC. */
export const NOW = new Date('2026-11-23T12:00:00Z');

export const SKU = {
  SPE_E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  O365_BUSINESS_ESSENTIALS: '3b555118-da6a-4418-894f-7df1e2096870',
  O365_BUSINESS_PREMIUM: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
  TEAMS_EXPLORATORY: '710779e8-3d4a-4c88-adb9-386c958d1fdf',
  M365_F1: '44575883-256e-4a79-9da4-ebe9acabe2b2',
} as const;

export const OPERATIONS_E3_GROUP = '8197409f-c049-5e18-9a6c-2e3d2289bd49';

type Fixture = typeof contoso;

/** A deep copy of the bundled Contoso fixture, changed by `edit`. */
export function contosoVariant(edit: (f: Fixture) => void = () => undefined): Fixture {
  const copy = structuredClone(contoso);
  edit(copy);
  return copy;
}

export function userNamed(f: Fixture, displayName: string): Fixture['users'][number] {
  const user = f.users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no ${displayName} in the fixture`);
  return user;
}

export interface ReportRig {
  demo: StartedDemoTenant;
  graph: GraphGateway;
  service(deps?: Partial<TenantReportServiceDeps>): TenantReportService;
  close(): Promise<void>;
}

export async function reportRig(fixture?: Fixture): Promise<ReportRig> {
  const demo = await startDemoTenant(fixture);
  const graph = createGraphGateway({ baseUrl: demo.baseUrl, retryDelaySeconds: 0, maxRetries: 1 });
  return {
    demo,
    graph,
    service: (deps = {}) => new TenantReportService({ graph, catalog: Catalog.bundled(), prices: priceList(), now: () => NOW, ...deps }),
    close: () => demo.close(),
  };
}

/** Cost centres and companies as an HR-synced tenant has them (Graph: employeeOrgData.costCenter, companyName, country). */
export const COST_CENTERS: Record<string, string> = { Sales: 'CC-1100', Marketing: 'CC-1200', IT: 'CC-2100', Finance: 'CC-3100', Executive: 'CC-1000' };

/** Contoso with billing attributes: German company for Johanna and Henrietta, cost centres for five departments (none for Retail, Operations, R&D). */
export function contosoWithBillingAttributes(): Fixture {
  return contosoVariant((f) => {
    for (const u of f.users as Array<Record<string, unknown>>) {
      const german = u.displayName === 'Johanna Lorenz' || u.displayName === 'Henrietta Mueller';
      u.country = german ? 'Germany' : 'United States';
      u.companyName = german ? 'Contoso GmbH' : 'Contoso Ltd';
      const cc = COST_CENTERS[String(u.department)];
      if (cc) u.employeeOrgData = { costCenter: cc, division: null };
      u.createdDateTime = '2022-01-10T09:00:00Z';
    }
  });
}
