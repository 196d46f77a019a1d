/**
 * The one place that maps environment variables to Graph gateway options. The composition root calls
 * `graphOptionsFromEnv(process.env)`; nothing in src/graph reads process.env itself.
 */

export interface GraphLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface GraphGatewayOptions {
  /** Graph root incl. version, e.g. https://graph.microsoft.com/v1.0 (default) or http://127.0.0.1:5980/v1.0. */
  baseUrl?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** User-assigned managed identity's client id (implies useManagedIdentity). */
  managedIdentityClientId?: string;
  useManagedIdentity?: boolean;
  /** Token scopes; default `<graph origin>/.default`. */
  scopes?: string[];
  /** Inject a token credential directly (tests, or any @azure/identity credential). Wins over the fields above. */
  credential?: { getToken(scopes: string | string[], options?: object): Promise<{ token: string; expiresOnTimestamp: number } | null> };
  /** subscribedSkus cache lifetime; default 5 minutes. 0 disables the cache. */
  skuCacheTtlMs?: number;
  /** Retries per request for 429/503/504 (SDK RetryHandler) and 500/502/network on idempotent requests; default 3, max 10. */
  maxRetries?: number;
  /** Back-off in seconds when a retryable response carries no Retry-After; default 3 (the SDK's default). */
  retryDelaySeconds?: number;
  logger?: GraphLogger;
  fetchImpl?: typeof fetch;
  /**
   * Sent as `x-demo-initiator` on writes, so the demo tenant's audit log names License Desk as the initiator (real
   * Graph knows the app from its token). Set by the composition root only when Graph runs without credentials.
   */
  demoInitiator?: string;
}

export type GraphAuthMode = 'client-secret' | 'managed-identity' | 'credential' | 'anonymous';

/** How the gateway will authenticate with these options. 'anonymous' = no token (demo tenant / shared demo). */
export function graphAuthMode(options: GraphGatewayOptions): GraphAuthMode {
  if (options.credential) return 'credential';
  if (options.useManagedIdentity || options.managedIdentityClientId) return 'managed-identity';
  if (options.clientId && options.clientSecret && options.tenantId) return 'client-secret';
  return 'anonymous';
}

/** True when the options name a real Graph identity (client secret or managed identity). */
export function hasGraphCredentials(options: GraphGatewayOptions): boolean {
  return graphAuthMode(options) !== 'anonymous';
}

export class GraphConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphConfigError';
  }
}

/**
 * Reads GRAPH_BASE_URL, GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET, GRAPH_USE_MANAGED_IDENTITY
 * (true/1), GRAPH_MANAGED_IDENTITY_CLIENT_ID, GRAPH_SKU_CACHE_TTL_MS, GRAPH_MAX_RETRIES.
 * A half-configured client secret (some of tenant/client/secret but not all) is refused with the missing names.
 */
export function graphOptionsFromEnv(env: Record<string, string | undefined>): GraphGatewayOptions {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const options: GraphGatewayOptions = {};
  const baseUrl = get('GRAPH_BASE_URL');
  if (baseUrl) {
    try {
      const url = new URL(baseUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    } catch {
      throw new GraphConfigError(`GRAPH_BASE_URL "${baseUrl}" is not an http(s) URL`);
    }
    options.baseUrl = baseUrl;
  }
  const useMi = get('GRAPH_USE_MANAGED_IDENTITY');
  const miClientId = get('GRAPH_MANAGED_IDENTITY_CLIENT_ID');
  if (useMi !== undefined && !/^(true|1|yes|false|0|no)$/i.test(useMi)) {
    throw new GraphConfigError(`GRAPH_USE_MANAGED_IDENTITY must be true or false, not "${useMi}"`);
  }
  if ((useMi && /^(true|1|yes)$/i.test(useMi)) || miClientId) {
    options.useManagedIdentity = true;
    // A user-assigned identity: its own variable, else GRAPH_CLIENT_ID (as config.ts reads it).
    const clientId = miClientId ?? get('GRAPH_CLIENT_ID');
    if (clientId) options.managedIdentityClientId = clientId;
  }
  const secretParts = { GRAPH_TENANT_ID: get('GRAPH_TENANT_ID'), GRAPH_CLIENT_ID: get('GRAPH_CLIENT_ID'), GRAPH_CLIENT_SECRET: get('GRAPH_CLIENT_SECRET') };
  options.tenantId = secretParts.GRAPH_TENANT_ID;
  options.clientId = secretParts.GRAPH_CLIENT_ID;
  options.clientSecret = secretParts.GRAPH_CLIENT_SECRET;
  if (!options.useManagedIdentity && secretParts.GRAPH_CLIENT_SECRET) {
    const missing = Object.entries(secretParts).filter(([, v]) => !v).map(([k]) => k);
    if (missing.length) throw new GraphConfigError(`Graph client secret is configured but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
  if (!options.useManagedIdentity && !secretParts.GRAPH_CLIENT_SECRET && secretParts.GRAPH_CLIENT_ID && secretParts.GRAPH_TENANT_ID) {
    throw new GraphConfigError('GRAPH_CLIENT_ID is set but GRAPH_CLIENT_SECRET is missing (or set GRAPH_USE_MANAGED_IDENTITY=true)');
  }
  const ttl = get('GRAPH_SKU_CACHE_TTL_MS');
  if (ttl !== undefined) {
    const n = Number(ttl);
    if (!Number.isInteger(n) || n < 0) throw new GraphConfigError(`GRAPH_SKU_CACHE_TTL_MS must be a whole number of milliseconds, not "${ttl}"`);
    options.skuCacheTtlMs = n;
  }
  const retries = get('GRAPH_MAX_RETRIES');
  if (retries !== undefined) {
    const n = Number(retries);
    if (!Number.isInteger(n) || n < 0 || n > 10) throw new GraphConfigError(`GRAPH_MAX_RETRIES must be 0..10, not "${retries}"`);
    options.maxRetries = n;
  }
  for (const key of ['tenantId', 'clientId', 'clientSecret'] as const) if (options[key] === undefined) delete options[key];
  return options;
}
