import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { startLicenseDesk, type RunningLicenseDesk } from '../../src/index';
import { startDemoTenant } from '../../src/demo/server';
import { createLogger } from '../../src/logging';
import { FakeConnector } from './fake-connector';
import { postActivity } from './post-activity';

export const CONTOSO_TENANT = '1244eba3-f610-59e5-a2d1-b78898e91224';
export const APPROVERS_GROUP = '66a40e45-f6d7-58a4-a6df-3b854051249b';

/** Contoso demo users by first name. */
export const USERS = {
  adele: { id: '1ea2962d-fdc5-5734-b838-b41e89e96ab1', name: 'Adele Vance', upn: 'AdeleV@contoso.example' },
  alex: { id: '76dd32f9-3711-561c-9021-a7e2e7ffaa62', name: 'Alex Wilber', upn: 'AlexW@contoso.example' },
  megan: { id: '77dca4bc-0541-5cdf-a3dc-b39518223a8a', name: 'Megan Bowen', upn: 'MeganB@contoso.example' },
  lee: { id: '9b8173dc-2045-5466-8777-3b78e34c67d9', name: 'Lee Gu', upn: 'LeeG@contoso.example' },
  isaiah: { id: '29573025-2837-550f-81df-cd86bb09cd79', name: 'Isaiah Langer', upn: 'IsaiahL@contoso.example' },
  diego: { id: '4b29c44d-157a-5930-b4fa-b0edf0278b95', name: 'Diego Siciliani', upn: 'DiegoS@contoso.example' },
  nestor: { id: 'd09afca3-f015-542d-b661-4510e5817b89', name: 'Nestor Wilke', upn: 'NestorW@contoso.example' },
  patti: { id: '1f6d47eb-8008-56f5-8dc7-e87db2c125c9', name: 'Patti Fernandez', upn: 'PattiF@contoso.example' },
  lynne: { id: '2f7f03c3-8f0a-5c24-9983-b00034561bbf', name: 'Lynne Robbins', upn: 'LynneR@contoso.example' },
  grady: { id: 'a3207d19-66f2-5274-9e43-6cd8d05c1813', name: 'Grady Archie', upn: 'GradyA@contoso.example' },
  johanna: { id: '1054b2ff-3be6-5c0a-b8e0-94a9dd33114f', name: 'Johanna Lorenz', upn: 'JohannaL@contoso.example' },
  miriam: { id: '3c7c7faf-2cc4-5498-899a-38c29870ead6', name: 'Miriam Graham', upn: 'MiriamG@contoso.example' },
  pradeep: { id: '1ae150a5-5dae-58f9-9794-1483693d5202', name: 'Pradeep Gupta', upn: 'PradeepG@contoso.example' },
  henrietta: { id: '7c84e369-5d29-5e73-9fc6-252f41ec112e', name: 'Henrietta Mueller', upn: 'HenriettaM@contoso.example' },
} as const;

export type DemoUser = (typeof USERS)[keyof typeof USERS];

/** An activity as Teams sends it from `user`'s personal chat; `fields` sets the type, text, value… */
export function teamsActivity(serviceUrl: string, user: DemoUser, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    textFormat: 'plain',
    from: { id: `29:${user.id}`, name: user.name, aadObjectId: user.id },
    recipient: { id: '28:license-desk', name: 'License Desk' },
    conversation: { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: CONTOSO_TENANT },
    channelData: { tenant: { id: CONTOSO_TENANT } },
    locale: 'en-US',
    ...fields,
  };
}

export interface Harness {
  app: RunningLicenseDesk;
  connector: FakeConnector;
  demo: Awaited<ReturnType<typeof startDemoTenant>>;
  /** POSTs an activity to /api/messages as Teams would; returns the HTTP status and body. */
  post(activity: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** Sends a personal-chat message from `user` and returns the bot's replies in that conversation. */
  say(user: DemoUser, text: string, extra?: Record<string, unknown>): Promise<any[]>;
  message(user: DemoUser, text: string, extra?: Record<string, unknown>): Record<string, unknown>;
  /** Clicks an Action.Execute button as Teams does; returns the invoke response. */
  click(user: DemoUser, verb: string, data: Record<string, unknown>, options?: { replyToId?: string; trigger?: 'manual' | 'automatic'; conversationId?: string }): Promise<{ status: number; body: any }>;
  /** Stops the bot only (demo tenant and connector stay), for restart tests. */
  stopBot(): Promise<void>;
  /** Starts a new bot on the same demo tenant and connector. */
  restartBot(env?: Record<string, string>): Promise<RunningLicenseDesk>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  now?: () => Date;
  /** A demo tenant fixture (raw JSON shape); default the bundled Contoso tenant. */
  fixture?: unknown;
}

export async function startHarness(envOrOptions: Record<string, string> | HarnessOptions = {}): Promise<Harness> {
  const options: HarnessOptions = 'env' in envOrOptions || 'now' in envOrOptions || 'fixture' in envOrOptions ? (envOrOptions as HarnessOptions) : { env: envOrOptions as Record<string, string> };
  const env = options.env ?? {};
  const demo = await startDemoTenant(options.fixture as never);
  const connector = new FakeConnector();
  await connector.start();
  const configFor = (overrides: Record<string, string> = {}) =>
    loadConfig({
      PORT: '0',
      GRAPH_BASE_URL: demo.baseUrl,
      APPROVER_GROUP_ID: APPROVERS_GROUP,
      DATA_DIR: ':memory:',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ...env,
      ...overrides,
    });
  const start = (overrides?: Record<string, string>) =>
    startLicenseDesk(configFor(overrides), { host: '127.0.0.1', logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), now: options.now });
  let app = await start();
  let running = true;

  const message = (user: DemoUser, text: string, extra: Record<string, unknown> = {}) => teamsActivity(connector.url, user, { type: 'message', text, ...extra });

  const post = (activity: Record<string, unknown>) => postActivity(harness.app.url, activity);

  const harness: Harness = {
    app,
    connector,
    demo,
    post,
    message,
    click(user, verb, data, clickOptions = {}) {
      return post(
        message(user, '', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: clickOptions.replyToId,
          value: { action: { type: 'Action.Execute', verb, data }, trigger: clickOptions.trigger ?? 'manual' },
          ...(clickOptions.conversationId ? { conversation: { id: clickOptions.conversationId, conversationType: 'personal', tenantId: CONTOSO_TENANT } } : {}),
        }),
      );
    },
    async stopBot() {
      if (running) await harness.app.close();
      running = false;
    },
    async restartBot(overrides) {
      if (running) await harness.app.close();
      harness.app = app = await start(overrides);
      running = true;
      return app;
    },
    async say(user, text, extra = {}) {
      const activity = message(user, text, extra);
      const before = connector.calls.length;
      const { status } = await post(activity);
      if (status >= 400) throw new Error(`POST /api/messages → ${status}`);
      const conversationId = (activity.conversation as { id: string }).id;
      return connector.calls.slice(before).filter((c) => c.method === 'POST' && c.conversationId === conversationId).map((c) => c.body);
    },
    async close() {
      if (running) await harness.app.close();
      await connector.stop();
      await demo.close();
    },
  };
  return harness;
}
