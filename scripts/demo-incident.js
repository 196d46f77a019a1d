#!/usr/bin/env node
/**
 * `npm run demo:incident`: against the running demo tenant (DEMO_GRAPH_PORT, default 5980; or DEMO_GRAPH_URL),
 * does what another admin tool would do through Microsoft Graph — adds a user to a licensed group whose product
 * has no free seat — so group-based licensing fails (CountViolation) and License Desk's watcher alerts the
 * approvers within WATCH_INTERVAL_SECONDS (15 s in the demo). Plain CommonJS, no build needed.
 *
 * If no licensed group's product is full, it makes one the way an admin would: a security group
 * "<product> licensing (demo incident)" licensed with a product that has no free seat (POST /groups, then
 * POST /groups/{id}/assignLicense). Every write carries `x-demo-initiator: demo:incident` (the audit log's initiator).
 */
'use strict';

const base = (process.env.DEMO_GRAPH_URL || `http://127.0.0.1:${process.env.DEMO_GRAPH_PORT || 5980}`).replace(/\/+$/, '') + '/v1.0';
const HEADERS = { 'content-type': 'application/json', 'x-demo-initiator': 'demo:incident' };

async function graph(method, path, body) {
  const response = await fetch(`${base}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function all(path) {
  const items = [];
  let next = path;
  while (next) {
    const page = await graph('GET', next);
    items.push(...(page.value || []));
    const link = page['@odata.nextLink'];
    next = link ? link.replace(/^https?:\/\/[^/]+\/v1\.0/, '') : undefined;
  }
  return items;
}

async function main() {
  const skus = await graph('GET', '/subscribedSkus').then((r) => r.value);
  const full = skus.filter((s) => (s.appliesTo || 'User') === 'User' && s.prepaidUnits.enabled > 0 && s.prepaidUnits.enabled - s.consumedUnits <= 0);
  if (full.length === 0) throw new Error('No product in this tenant is out of seats, so no group can run out. Use a fixture with one (the bundled Contoso has Microsoft 365 E5 at 2 of 2).');
  const fullIds = new Set(full.map((s) => s.skuId));
  const groups = await all('/groups?$select=id,displayName,assignedLicenses&$top=999');
  let group = groups.find((g) => (g.assignedLicenses || []).some((l) => fullIds.has(l.skuId)));
  let sku = group ? full.find((s) => group.assignedLicenses.some((l) => l.skuId === s.skuId)) : full[0];
  if (!group) {
    const name = `${sku.skuPartNumber} licensing (demo incident)`;
    group = await graph('POST', '/groups', { displayName: name, mailEnabled: false, securityEnabled: true, mailNickname: name.replace(/[^A-Za-z0-9]/g, '') });
    await graph('POST', `/groups/${group.id}/assignLicense`, { addLicenses: [{ skuId: sku.skuId, disabledPlans: [] }], removeLicenses: [] });
    console.log(`Created the security group "${group.displayName}" with ${sku.skuPartNumber} (0 seats free).`);
  }
  const members = new Set((await all(`/groups/${group.id}/members?$select=id&$top=999`)).map((m) => m.id));
  const users = await all('/users?$select=id,displayName,userPrincipalName,accountEnabled,assignedLicenses&$top=999');
  const user = users.find((u) => u.accountEnabled !== false && !members.has(u.id) && !(u.assignedLicenses || []).some((l) => l.skuId === sku.skuId));
  if (!user) throw new Error(`Everybody is in "${group.displayName}" or has ${sku.skuPartNumber} already.`);
  await graph('POST', `/groups/${group.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` });
  console.log(`Added ${user.displayName} (${user.userPrincipalName}) to "${group.displayName}": no free ${sku.skuPartNumber} seat, so group-based licensing fails with CountViolation.`);
  console.log('The alert reaches the approvers (Diego Siciliani in the Playground) at the next watch cycle: within 15 s in the demo.');
}

main().catch((error) => {
  console.error(`demo:incident: ${error.message}`);
  if (/fetch failed|ECONNREFUSED/.test(String(error.cause || error.message))) console.error(`Is the demo tenant running? Start it with "npm start" (it listens on ${base}).`);
  process.exit(1);
});
