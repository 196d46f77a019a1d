/**
 * The few middleware pieces the SDK does not provide. Everything else in the chain is the SDK's own
 * (AuthenticationHandler, RetryHandler, RedirectHandler, TelemetryHandler) — see gateway.ts for the order.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { GatewayStats } from './types';

export type MutableStats = GatewayStats;

export function requestUrl(context: Context): string {
  return typeof context.request === 'string' ? context.request : (context.request as Request).url;
}

export function requestMethod(context: Context): string {
  if (typeof context.request !== 'string') return (context.request as Request).method.toUpperCase();
  return (context.options?.method ?? 'GET').toUpperCase();
}

/**
 * Requests that change nothing even though they are POSTs: safe to repeat after a 5xx or a lost connection.
 * ($batch: the gateway only batches GETs.)
 */
export function isIdempotent(method: string, url: string): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  if (method !== 'POST') return false;
  const path = url.split('?')[0];
  return /\/(checkMemberGroups|checkMemberObjects|getMemberGroups|getMemberObjects|getByIds|\$batch)$/i.test(path);
}

/** Counts every request that goes on the wire, and every 429. Sits after the retry and redirect handlers. */
export class StatsHandler implements Middleware {
  private next!: Middleware;
  constructor(private readonly stats: MutableStats) {}

  async execute(context: Context): Promise<void> {
    this.stats.requests++;
    await this.next.execute(context);
    if (context.response?.status === 429) this.stats.throttled++;
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export interface ServerErrorRetryOptions {
  maxRetries: number;
  /** Base back-off in seconds when the response carries no Retry-After (doubles per attempt). */
  delaySeconds: number;
  onRetry: (info: { status: number | undefined; attempt: number; method: string; url: string; delaySeconds: number }) => void;
}

/**
 * The SDK's RetryHandler retries only 429, 503 and 504 (a private static list; `shouldRetry` can only veto, not
 * widen). Graph also answers 500 and 502 now and then, and a connection can drop. This handler retries those —
 * for idempotent requests only (GETs and read-only POSTs): a failed assignLicense is never repeated blindly; the
 * caller re-reads the user instead.
 */
export class ServerErrorRetryHandler implements Middleware {
  private next!: Middleware;
  constructor(private readonly options: ServerErrorRetryOptions) {}

  async execute(context: Context): Promise<void> {
    const method = requestMethod(context);
    const url = requestUrl(context);
    for (let attempt = 0; ; attempt++) {
      let failure: unknown;
      let failed = false;
      try {
        await this.next.execute(context);
      } catch (error) {
        failed = true;
        failure = error;
      }
      const status = failed ? undefined : context.response?.status;
      const retryable =
        attempt < this.options.maxRetries &&
        isIdempotent(method, url) &&
        (failed ? isNetworkFailure(failure) : isServerRetryStatus(status));
      if (!retryable) {
        if (failed) throw failure;
        return;
      }
      const delaySeconds = retryAfterSeconds(context.response) ?? this.options.delaySeconds * 2 ** attempt;
      this.options.onRetry({ status, attempt: attempt + 1, method, url, delaySeconds });
      if (context.response && !context.response.bodyUsed) await context.response.body?.cancel().catch(() => undefined);
      await sleep(delaySeconds * 1000);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** 500 Internal Server Error, 502 Bad Gateway (503/504 are the SDK RetryHandler's). */
function isServerRetryStatus(status: number | undefined): boolean {
  return status !== undefined && [500, 502].includes(status);
}

/** fetch() rejects with a TypeError ("fetch failed") when no response arrives. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && /ECONNRESET|ECONNREFUSED|socket hang up|fetch failed/i.test(error.message));
}

export function retryAfterSeconds(response: Response | undefined): number | undefined {
  const value = response?.headers.get('Retry-After');
  if (value === null || value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!Number.isNaN(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** Requests whose whole body the caller reads as text (see FetchHandler). */
const wholeText = new WeakSet<Context>();

/** Marks a request whose body the caller reads whole, as text: FetchHandler may send it with its whole-text fetch. */
export function readsWholeText(context: Context): Context {
  wholeText.add(context);
  return context;
}

/**
 * The terminal handler: the SDK's HTTPMessageHandler, but with an injectable fetch (tests, proxies), and a second one
 * for requests marked readsWholeText (whole-text-fetch.ts: the same answers for half the CPU).
 */
export class FetchHandler implements Middleware {
  constructor(
    private readonly fetchImpl: typeof fetch,
    private readonly wholeTextFetch?: typeof fetch,
  ) {}

  async execute(context: Context): Promise<void> {
    const send = this.wholeTextFetch && wholeText.has(context) ? this.wholeTextFetch : this.fetchImpl;
    context.response = await send(context.request as string | Request, context.options as RequestInit);
  }
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
