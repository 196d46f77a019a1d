/**
 * Graph requests per job, counted at the demo tenant (`/_demo/requests`): one "my license" with the SKU table
 * cached, and one approved swap from the approver's click to the verified change.
 */
import { startHarness, USERS } from '../test/helpers/bot-harness';

export interface GraphRequestsBench {
  myLicense: number;
  /** The same for a user whose license comes from a group (the group's name is cached like the SKU table). */
  myLicenseViaGroup: number;
  approvedSwap: number;
  approvedSwapCalls: string[];
}

export async function benchGraphRequests(): Promise<GraphRequestsBench> {
  const h = await startHarness();
  const count = () => h.demo.tenant.requests();
  try {
    await h.say(USERS.diego, 'help');
    await h.say(USERS.adele, 'my license'); // warms the SKU cache, as in steady state
    let before = count().count;
    await h.say(USERS.adele, 'my license');
    const myLicense = count().count - before;
    await h.say(USERS.patti, 'my license');
    before = count().count;
    await h.say(USERS.patti, 'my license');
    const myLicenseViaGroup = count().count - before;

    const [reply] = await h.say(USERS.adele, `request SPE_E3 for ${USERS.alex.upn} replacing O365_BUSINESS_ESSENTIALS`);
    const requestId = /REQ-[A-Z0-9]+/.exec(JSON.stringify(reply))![0];
    await h.app.requests.settled();
    await h.app.graph.getSubscribedSkus(); // the cache as a running bot has it
    before = count().count;
    await h.click(USERS.diego, 'request.approve', { requestId });
    await h.app.requests.settled();
    const after = count();
    const approvedSwap = after.count - before;
    const status = (await h.app.store.get(requestId))?.status;
    if (status !== 'completed') throw new Error(`the swap ended ${status}`);
    return { myLicense, myLicenseViaGroup, approvedSwap, approvedSwapCalls: after.recent.slice(-approvedSwap).map((r) => `${r.method} ${r.path.split('?')[0]}`) };
  } finally {
    await h.close();
  }
}

if (require.main === module) benchGraphRequests().then((r) => console.log(JSON.stringify(r, null, 2)));
