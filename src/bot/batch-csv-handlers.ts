/**
 * "Download outcomes (CSV)" on a batch card: a one-time link, like the report's (`GET <publicUrl>/batches/<token>.csv`,
 * 256 random bits, one download, 15 minutes, kept in memory). Only the requester and approvers get a link; the CSV
 * is built from the store when downloaded, so it shows the outcomes as they are then.
 */
import { randomBytes } from 'node:crypto';
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type * as restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../logging';
import { batchCsv } from '../requests/batch-csv';
import { sameId } from '../requests/request';
import type { Approvers } from '../services/approvers';
import type { BatchRequestService } from '../services/batch-requests';
import type { RequestService } from '../services/request-service';
import { messagesOf } from './i18n';
import { renderCard } from './render';
import { cardResponse, errorResponse } from './request-handlers';
import { turnOf } from './turn';
import { messageFrom } from './views/simple-views';

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const LinkData = z.object({ requestId: z.string().regex(/^REQ-[A-Z0-9]{4,12}$/i) });
const MAX_TOKENS = 1_000;

export class BatchCsvHandlers {
  private readonly tokens = new Map<string, { requestId: string; owner: string; expiresAt: number }>();

  constructor(
    private readonly deps: {
      requests: Pick<RequestService, 'get'>;
      batches: Pick<BatchRequestService, 'items'>;
      approvers: Pick<Approvers, 'isApprover'>;
      publicUrl: string;
      logger: Logger;
      now?: () => Date;
      linkTtlMs?: number;
    },
  ) {}

  async onAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const { actor, logger } = turnOf(context, this.deps.logger);
    const m = messagesOf(context);
    if (!actor) return errorResponse(401, 'NoUser', m.t('error.action.no-user'));
    if (verb !== 'batch.csv') return errorResponse(400, 'UnknownAction', m.t('error.action.unknown', { verb: verb.slice(0, 50) }));
    const parsed = LinkData.safeParse(data);
    if (!parsed.success) return errorResponse(400, 'BadRequest', m.t('error.action.no-request-id'));
    const request = await this.deps.requests.get(parsed.data.requestId);
    if (!request?.batch) return errorResponse(404, 'NotFound', m.t('error.action.no-such-request', { id: parsed.data.requestId.toUpperCase() }));
    // The CSV names people: the requester and approvers only (server state, not card data).
    if (!sameId(actor.aadObjectId, request.requester.aadObjectId) && !(await this.deps.approvers.isApprover(actor.aadObjectId))) {
      logger.warn({ requestId: request.id }, 'refused: batch CSV for someone else');
      return errorResponse(403, 'NotYours', m.t('error.action.batch-not-yours'));
    }
    const { url, expiresAt } = this.link(request.id, actor.aadObjectId);
    const view = messageFrom(m, 'message.batch-csv', { id: request.id, url, until: m.date(expiresAt, 'time') });
    return cardResponse(renderCard('message', { ...view, actions: [{ title: m.t('batch.action.csv-again'), verb: 'batch.csv', data: { requestId: request.id } }] }));
  }

  registerRoutes(server: restify.Server): void {
    server.get('/batches/:token.csv', async (req: restify.Request, res: restify.Response) => {
      const token = String(req.params?.token ?? '');
      const entry = TOKEN_RE.test(token) ? this.tokens.get(token) : undefined;
      if (entry) this.tokens.delete(token);
      const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
      const request = entry && entry.expiresAt > this.now() ? await this.deps.requests.get(entry.requestId) : undefined;
      if (!entry || !request) {
        res.sendRaw(404, 'This download link has expired or was already used. Use "Download outcomes (CSV)" on the request card again.\n', { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
        return;
      }
      this.deps.logger.info({ requestId: request.id, owner: entry.owner }, 'batch CSV downloaded');
      res.sendRaw(200, batchCsv(request, await this.deps.batches.items(request.id), { bom: true }), {
        ...common,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${request.id}-outcomes.csv"`,
      });
    });
  }

  private now(): number {
    return (this.deps.now ?? (() => new Date()))().getTime();
  }

  private link(requestId: string, owner: string): { url: string; expiresAt: Date } {
    for (const [t, e] of this.tokens) if (e.expiresAt <= this.now()) this.tokens.delete(t);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + (this.deps.linkTtlMs ?? 15 * 60_000);
    this.tokens.set(token, { requestId, owner, expiresAt });
    while (this.tokens.size > MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
    return { url: `${this.deps.publicUrl.replace(/\/+$/, '')}/batches/${token}.csv`, expiresAt: new Date(expiresAt) };
  }
}
