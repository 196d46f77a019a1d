/**
 * Typed Graph errors. Classification happens once, here, from the HTTP status, Graph's `error.code` and the
 * message patterns Microsoft is known to return (shared/reference/licensing-facts.md §4.5). Callers switch on
 * `kind` and show `plainReason`; nobody outside this file parses Graph's message strings.
 */

export type GraphErrorKind =
  /** No free unit of the SKU ("Subscription with SKU … does not have any available licenses."). */
  | 'no-free-seats'
  /** The user has no (or an invalid) usageLocation. */
  | 'usage-location'
  /** The license to remove comes from a group; it cannot be removed from the user directly. */
  | 'inherited-from-group'
  /** The new license's service plans conflict with the user's (legacy Exchange plans and the like). */
  | 'mutually-exclusive'
  /** The skuId is not a license of this tenant, or cannot be assigned to a user. */
  | 'invalid-sku'
  /** A service plan depends on another plan the user lacks. */
  | 'dependency'
  /** Removing a license the user does not have ("User does not have a corresponding license."). */
  | 'not-assigned'
  | 'not-found'
  | 'throttled'
  | 'unauthorized'
  | 'forbidden'
  | 'bad-request'
  | 'server'
  | 'network';

export interface GraphErrorDetails {
  status?: number;
  code?: string | null;
  graphMessage?: string | null;
  requestId?: string | null;
  clientRequestId?: string | null;
  retryAfterSeconds?: number;
  method?: string;
  path?: string;
  cause?: unknown;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export class GraphRequestError extends Error {
  readonly kind: GraphErrorKind;
  /** HTTP status; undefined when no response arrived (kind 'network'). */
  readonly status: number | undefined;
  /** Graph's `error.code`, e.g. Request_BadRequest, Request_ResourceNotFound, Authorization_RequestDenied. */
  readonly code: string | undefined;
  /** Graph's `error.message`, verbatim. */
  readonly graphMessage: string;
  /** Graph's `request-id` (response header, else innerError) — quote it to Microsoft support. */
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  /** From Retry-After on a 429/503, when present. */
  readonly retryAfterSeconds: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  /** GUIDs named in Graph's message (the SKU without seats, the conflicting plans …), lower-case. */
  readonly ids: string[];

  constructor(details: GraphErrorDetails) {
    const kind = classifyGraphError(details.status, details.code ?? undefined, details.graphMessage ?? undefined);
    const graphMessage = details.graphMessage ?? '';
    const where = details.method && details.path ? `${details.method} ${details.path}: ` : '';
    super(`${where}${details.status ?? 'no response'} ${details.code ?? ''} ${graphMessage}`.replace(/\s+/g, ' ').trim());
    this.name = 'GraphRequestError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.code ?? undefined;
    this.graphMessage = graphMessage;
    this.requestId = details.requestId ?? undefined;
    this.clientRequestId = details.clientRequestId ?? undefined;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.method = details.method;
    this.path = details.path;
    this.ids = [...new Set((graphMessage.match(GUID) ?? []).map((id) => id.toLowerCase()))];
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }

  /** Worth trying again later (throttling, Graph-side failure, no response). */
  get transient(): boolean {
    return this.kind === 'throttled' || this.kind === 'server' || this.kind === 'network';
  }

  /** One sentence for a person, without Graph jargon. */
  get plainReason(): string {
    return plainReason(this.kind, this.ids);
  }
}

export function isGraphRequestError(error: unknown, kind?: GraphErrorKind): error is GraphRequestError {
  return error instanceof GraphRequestError && (kind === undefined || error.kind === kind);
}

/** status + Graph code + message → kind. Pure; exported for tests and for the demo tenant's self-checks. */
export function classifyGraphError(status: number | undefined, code?: string, message?: string): GraphErrorKind {
  const text = message ?? '';
  const c = (code ?? '').toLowerCase();
  // Token acquisition failures (@azure/identity, or the SDK's auth provider) never reach Graph.
  if (/^(authenticationerror|credentialunavailableerror|aggregateauthenticationerror|invalidauthenticationtoken)$/.test(c)) {
    return 'unauthorized';
  }
  if (status === undefined || status <= 0) return 'network';
  if (status === 429) return 'throttled';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  if (/does not have any available licenses|LicenseQuotaExceeded|no available licenses/i.test(text) || c === 'countviolation') {
    return 'no-free-seats';
  }
  if (/usage location/i.test(text) || c === 'prohibitedinusagelocationviolation') return 'usage-location';
  if (/inherited from a group/i.test(text)) return 'inherited-from-group';
  if (/mutually exclusive|conflicting services|conflict with plans/i.test(text) || c === 'mutuallyexclusiveviolation') {
    return 'mutually-exclusive';
  }
  if (/does not correspond to a valid company License|cannot be assigned to a user/i.test(text)) return 'invalid-sku';
  if (/depends on the service plan|necessary services before adding/i.test(text) || c === 'dependencyviolation') {
    return 'dependency';
  }
  if (/does not have a corresponding license/i.test(text)) return 'not-assigned';
  return 'bad-request';
}

export function plainReason(kind: GraphErrorKind, ids: string[] = []): string {
  switch (kind) {
    case 'no-free-seats':
      return 'There is no free license of this product left in the tenant; one must be freed or bought first.';
    case 'usage-location':
      return 'The user has no usage location (country) set, and Microsoft 365 cannot license a user without one.';
    case 'inherited-from-group':
      return 'That license comes from a group membership, so it cannot be removed from the user directly; the user must leave the group instead.';
    case 'mutually-exclusive':
      return `The new license contains services that cannot be combined with the user's existing ones${
        ids.length > 1 ? ` (service plans ${ids.join(', ')})` : ''
      }.`;
    case 'invalid-sku':
      return 'That product is not a license this tenant owns (or it cannot be assigned to a user).';
    case 'dependency':
      return 'A service in that license needs another service the user does not have.';
    case 'not-assigned':
      return 'The user does not have the license that was to be removed.';
    case 'not-found':
      return 'The user (or object) does not exist in the directory.';
    case 'throttled':
      return 'Microsoft Graph is throttling requests right now; try again in a little while.';
    case 'unauthorized':
      return 'License Desk could not authenticate to Microsoft Graph (check its app registration and secret).';
    case 'forbidden':
      return 'License Desk lacks the Microsoft Graph permission for this operation (an admin must grant it).';
    case 'bad-request':
      return 'Microsoft Graph rejected the request.';
    case 'server':
      return 'Microsoft Graph had an internal problem; try again later.';
    case 'network':
      return 'Microsoft Graph could not be reached.';
  }
}
