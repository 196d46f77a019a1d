import assert from 'node:assert/strict';
import { classifyGraphError, GraphRequestError, isGraphRequestError } from '../../src/graph/errors';
import { parseMailboxUsageCsv } from '../../src/graph/mailbox-report';
import { GraphConfigError, graphAuthMode, graphOptionsFromEnv, hasGraphCredentials } from '../../src/graph/options';

describe('Graph error classification', () => {
  // Observed strings from shared/reference/licensing-facts.md §4.5.
  const cases: Array<[number | undefined, string, string, string]> = [
    [400, 'Request_BadRequest', 'Subscription with SKU 05e9a617-0261-4cee-bb44-138d3ef5d965 does not have any available licenses.', 'no-free-seats'],
    [400, 'Request_BadRequest', 'LicenseQuotaExceededException : Subscription with Account x and SKU y does not have any available licenses left.', 'no-free-seats'],
    [400, 'Request_BadRequest', 'License assignment cannot be done for user with invalid usage location.', 'usage-location'],
    [400, 'Request_BadRequest', 'User license is inherited from a group membership and it cannot be removed directly from the user.', 'inherited-from-group'],
    [400, 'Request_BadRequest', 'License assignment failed because service plans 4fa4026d-1234-4abc-8def-000000000001,57ff2da0-1234-4abc-8def-000000000002 are mutually exclusive.', 'mutually-exclusive'],
    [400, 'Request_BadRequest', "You can't assign licenses that contain these conflicting services: Exchange Online (Plan 2), Exchange Online (Plan 1)", 'mutually-exclusive'],
    [400, 'Request_BadRequest', 'License assignment failed because service plan X depends on the service plan(s) A, B.', 'dependency'],
    [400, 'Request_BadRequest', 'License 11111111-2222-4333-8444-555555555555 does not correspond to a valid company License.', 'invalid-sku'],
    [400, 'Request_BadRequest', 'License ______ cannot be assigned to a user.', 'invalid-sku'],
    [400, 'Request_BadRequest', 'User does not have a corresponding license.', 'not-assigned'],
    [400, 'Request_BadRequest', "One or more parameters of the operation 'assignLicense' are missing from the request payload. The missing parameters are: addLicenses.", 'bad-request'],
    [404, 'Request_ResourceNotFound', "Resource 'x' does not exist or one of its queried reference-property objects are not present.", 'not-found'],
    [429, 'TooManyRequests', 'Too many requests', 'throttled'],
    [401, 'InvalidAuthenticationToken', 'Access token is empty.', 'unauthorized'],
    [403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', 'forbidden'],
    [500, 'generalException', '', 'server'],
    [503, 'serviceNotAvailable', '', 'server'],
    [undefined, 'TypeError', 'fetch failed', 'network'],
    [undefined, 'CredentialUnavailableError', 'ManagedIdentityCredential: no managed identity endpoint', 'unauthorized'],
  ];
  for (const [status, code, message, kind] of cases) {
    it(`${status ?? 'no response'} "${message.slice(0, 60)}" → ${kind}`, () => {
      assert.equal(classifyGraphError(status, code, message), kind);
    });
  }

  it('keeps Graph’s fields and names the GUIDs in the message', () => {
    const error = new GraphRequestError({
      status: 400,
      code: 'Request_BadRequest',
      graphMessage: 'Subscription with SKU 05E9A617-0261-4CEE-BB44-138D3EF5D965 does not have any available licenses.',
      requestId: 'r-1',
      method: 'POST',
      path: '/users/x/assignLicense',
    });
    assert.equal(error.kind, 'no-free-seats');
    assert.deepEqual(error.ids, ['05e9a617-0261-4cee-bb44-138d3ef5d965']);
    assert.equal(error.requestId, 'r-1');
    assert.equal(error.transient, false);
    assert.match(error.message, /^POST \/users\/x\/assignLicense: 400 Request_BadRequest Subscription/);
    assert.ok(isGraphRequestError(error, 'no-free-seats'));
    assert.ok(!isGraphRequestError(error, 'throttled'));
    assert.ok(!isGraphRequestError(new Error('x')));
  });
});

describe('graphOptionsFromEnv', () => {
  it('no variables → anonymous Graph (the composition root then runs the demo)', () => {
    const options = graphOptionsFromEnv({});
    assert.deepEqual(options, {});
    assert.equal(hasGraphCredentials(options), false);
  });

  it('client secret', () => {
    const options = graphOptionsFromEnv({ GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's', GRAPH_SKU_CACHE_TTL_MS: '1000', GRAPH_MAX_RETRIES: '5' });
    assert.deepEqual(options, { tenantId: 't', clientId: 'c', clientSecret: 's', skuCacheTtlMs: 1000, maxRetries: 5 });
    assert.equal(graphAuthMode(options), 'client-secret');
  });

  it('managed identity, system- or user-assigned', () => {
    assert.equal(graphAuthMode(graphOptionsFromEnv({ GRAPH_USE_MANAGED_IDENTITY: 'true' })), 'managed-identity');
    assert.equal(graphOptionsFromEnv({ GRAPH_USE_MANAGED_IDENTITY: '1', GRAPH_CLIENT_ID: 'mi' }).managedIdentityClientId, 'mi');
    assert.equal(graphOptionsFromEnv({ GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'mi2' }).managedIdentityClientId, 'mi2');
  });

  it('GRAPH_BASE_URL without credentials (a shared demo tenant)', () => {
    const options = graphOptionsFromEnv({ GRAPH_BASE_URL: 'http://127.0.0.1:5980/v1.0' });
    assert.equal(options.baseUrl, 'http://127.0.0.1:5980/v1.0');
    assert.equal(graphAuthMode(options), 'anonymous');
  });

  it('refuses half configurations, naming what is missing', () => {
    assert.throws(() => graphOptionsFromEnv({ GRAPH_CLIENT_SECRET: 's' }), (e: unknown) => e instanceof GraphConfigError && /GRAPH_TENANT_ID and GRAPH_CLIENT_ID are missing/.test(e.message));
    assert.throws(() => graphOptionsFromEnv({ GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c' }), /GRAPH_CLIENT_SECRET is missing/);
    assert.throws(() => graphOptionsFromEnv({ GRAPH_BASE_URL: 'ftp://x' }), /not an http\(s\) URL/);
    assert.throws(() => graphOptionsFromEnv({ GRAPH_MAX_RETRIES: '11' }), /0\.\.10/);
    assert.throws(() => graphOptionsFromEnv({ GRAPH_USE_MANAGED_IDENTITY: 'maybe' }), /true or false/);
  });
});

describe('mailbox usage CSV', () => {
  it('parses Graph’s columns by name, in any order, quoted cells included', () => {
    const csv = '\ufeffUser Principal Name,Storage Used (Byte),Has Archive,Display Name,Prohibit Send Quota (Byte),Report Period\r\n' + 'a@x.example,100,True,"Doe, Jane",106300440576,7\r\n' + 'b@x.example,,False,B,,7\r\n';
    const rows = parseMailboxUsageCsv(csv);
    assert.equal(rows.length, 2);
    assert.equal(rows[0].displayName, 'Doe, Jane');
    assert.equal(rows[0].storageUsedInBytes, 100);
    assert.equal(rows[0].hasArchive, true);
    assert.equal(rows[0].litigationHoldEnabled, undefined, 'not a Graph column');
    assert.equal(rows[1].storageUsedInBytes, undefined);
    assert.throws(() => parseMailboxUsageCsv('a,b\n1,2\n'), /no "User Principal Name" column/);
  });
});
