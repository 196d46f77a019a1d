import assert from 'node:assert/strict';
import { startDemoTenant } from '../../src/demo/server';
import { createGraphGateway } from '../../src/graph/gateway';

describe('gateway: group members', () => {
  it('lists the approver group’s users (transitiveMembers) in one paged call', async () => {
    const demo = await startDemoTenant();
    try {
      const graph = createGraphGateway({ baseUrl: demo.baseUrl });
      const before = demo.tenant.requests().count;
      assert.deepEqual(await graph.getGroupMemberIds('66a40e45-f6d7-58a4-a6df-3b854051249b'), ['4b29c44d-157a-5930-b4fa-b0edf0278b95']);
      assert.equal(demo.tenant.requests().count - before, 1);
      assert.deepEqual((await graph.getGroupMemberIds('8197409f-c049-5e18-9a6c-2e3d2289bd49')).sort(), ['1f6d47eb-8008-56f5-8dc7-e87db2c125c9', 'd09afca3-f015-542d-b661-4510e5817b89']);
      await assert.rejects(graph.getGroupMemberIds('00000000-0000-0000-0000-000000000000'), (e: { kind?: string }) => e.kind === 'not-found');
    } finally {
      await demo.close();
    }
  });
});
