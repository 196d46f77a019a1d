import { Catalog } from './src/licensing/catalog';
const c = Catalog.bundled();
for (const id of ['e8f81a67-bd96-4074-b108-cf193eb9433b','710779e8-3d4a-4c88-adb9-386c958d1fdf','3b555118-da6a-4418-894f-7df1e2096870','06ebc4ee-1bb5-47dd-8120-11324bc54e06']) { const s=c.sku(id); console.log(id, s?.skuPartNumber, s?.servicePlanIds.map(p=>c.plan(p)?.servicePlanName).join(',')); }
