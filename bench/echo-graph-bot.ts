/**
 * The second chat floor: the bare echo bot plus the one Graph read an answer must make — `GET /users/{id}?$select=…`
 * from the same demo tenant, with a plain fetch — replying with the user's license count. License Desk's own work
 * is what it spends beyond this.
 */
import { serveEcho } from './echo-server';

const GRAPH = process.env.GRAPH_BASE_URL ?? 'http://127.0.0.1:5980/v1.0';
const SELECT = 'id,displayName,userPrincipalName,usageLocation,assignedLicenses,licenseAssignmentStates,assignedPlans';

serveEcho('echo + Graph bot', async (context) => {
  const id = encodeURIComponent(context.activity.from.aadObjectId ?? '');
  const user = (await (await fetch(`${GRAPH}/users/${id}?$select=${SELECT}`)).json()) as { displayName?: string; assignedLicenses?: unknown[] };
  return `${user.displayName}: ${user.assignedLicenses?.length ?? 0} licenses`;
});
