import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: any;
}

/**
 * A loopback Bot Connector: the bot posts its replies, updates and proactive messages here (activity.serviceUrl),
 * as it would to Teams. Records every call so tests can assert the cards sent.
 */
export class FakeConnector {
  readonly calls: CapturedCall[] = [];
  /** Teams member lookups (TeamsInfo.getMember): MRI → account. */
  readonly members = new Map<string, { id: string; name: string; aadObjectId: string; userPrincipalName?: string }>();
  /** Answer writes to these conversations with this status (e.g. 403 when the user removed the bot). */
  readonly failConversations = new Map<string, number>();
  /** The last activity posted to each conversation (kept even when recordCalls is off). */
  readonly lastPosted = new Map<string, any>();
  /** Off for load tests: keep only lastPosted, so the recorder does not grow. */
  recordCalls = true;
  private server?: Server;
  private counter = 0;
  url = '';

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const body = await readJson(req);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      // /v3/conversations/{id}/members/{mri}
      if (req.method === 'GET' && parts[0] === 'v3' && parts[1] === 'conversations' && parts[3] === 'members' && parts[4]) {
        const member = this.members.get(parts[4]);
        return member ? send(200, member) : send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      }
      if (req.method === 'POST' && parts.length === 2 && parts[1] === 'conversations') {
        const id = `created-${++this.counter}`;
        this.calls.push({ method: 'POST', path: url.pathname, conversationId: id, body });
        return send(200, { id, activityId: `activity-${this.counter}` });
      }
      if (parts[0] === 'v3' && parts[1] === 'conversations' && parts[3] === 'activities') {
        const conversationId = parts[2];
        const failing = this.failConversations.get(conversationId);
        if (failing) return send(failing, { error: { code: 'MessageWritesBlocked', message: 'blocked' } });
        const activityId = req.method === 'PUT' ? parts[4] : `activity-${++this.counter}`;
        if (req.method === 'POST') this.lastPosted.set(conversationId, body);
        if (this.recordCalls) this.calls.push({ method: req.method ?? 'POST', path: url.pathname, conversationId, activityId, body });
        return send(200, { id: activityId });
      }
      send(404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Activities the bot sent (posts and replies, not updates), optionally to one conversation. */
  sent(conversationId?: string): any[] {
    return this.calls.filter((c) => c.method === 'POST' && c.body?.type && (!conversationId || c.conversationId === conversationId)).map((c) => c.body);
  }

  updates(conversationId?: string): CapturedCall[] {
    return this.calls.filter((c) => c.method === 'PUT' && (!conversationId || c.conversationId === conversationId));
  }

  clear(): void {
    this.calls.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readJson(req: IncomingMessage): Promise<any> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(text);
      }
    });
  });
}

/** The text of every TextBlock in an Adaptive Card (for assertions that read like what a person sees). */
export function cardText(activity: any): string {
  const card = activity?.attachments?.[0]?.content;
  const texts: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'TextBlock' && typeof node.text === 'string') texts.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts ?? []) texts.push(`${f.title} ${f.value}`);
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return texts.join('\n');
}
