/**
 * Tenant fixtures (shared/tenant-fixture.md): parse, validate, normalise. Every refusal names the exact place,
 * e.g. `users[3].assignedLicenses[0].skuId "…" is not a SKU of this tenant (subscribedSkus)`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { Catalog } from '../licensing/catalog';
import { findMutuallyExclusive, type PlanRef } from './exchange-rules';
import bundledContoso from './fixtures/contoso.json';

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const guid = z
  .string({ invalid_type_error: 'must be a GUID string' })
  .regex(GUID_RE, 'must be a GUID')
  .transform((s) => s.toLowerCase());

const assignedLicense = z
  .object({
    skuId: guid,
    disabledPlans: z.array(guid).nullish().transform((v) => v ?? []),
  })
  .strict();

const servicePlan = z
  .object({
    servicePlanId: guid,
    servicePlanName: z.string().min(1),
    provisioningStatus: z.string().default('Success'),
    appliesTo: z.string().default('User'),
  })
  .strict();

const units = z.number().int().min(0);

const subscribedSku = z
  .object({
    skuId: guid,
    skuPartNumber: z.string().min(1),
    capabilityStatus: z.enum(['Enabled', 'Warning', 'Suspended', 'Deleted', 'LockedOut']).default('Enabled'),
    appliesTo: z.enum(['User', 'Company']).default('User'),
    prepaidUnits: z
      .object({ enabled: units, suspended: units.default(0), warning: units.default(0), lockedOut: units.default(0) })
      .strict(),
    servicePlans: z.array(servicePlan).optional(),
    consumedUnits: z.undefined({ invalid_type_error: 'must not be given: consumedUnits is computed from the assignments' }).optional(),
  })
  .passthrough();

const user = z
  .object({
    id: guid,
    displayName: z.string().min(1),
    userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must look like name@domain'),
    mail: z.string().nullish().transform((v) => v ?? null),
    jobTitle: z.string().nullish().transform((v) => v ?? null),
    department: z.string().nullish().transform((v) => v ?? null),
    accountEnabled: z.boolean().default(true),
    usageLocation: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code (or null)')
      .nullish()
      .transform((v) => v ?? null),
    manager: guid.optional(),
    assignedLicenses: z.array(assignedLicense).default([]),
    proxyAddresses: z.array(z.string()).optional(),
    signInActivity: z
      .object({ lastSignInDateTime: z.string().datetime({ offset: true }).nullish(), lastNonInteractiveSignInDateTime: z.string().datetime({ offset: true }).nullish() })
      .passthrough()
      .optional(),
    mailbox: z
      .object({
        storageUsedInBytes: z.number().int().min(0),
        archiveEnabled: z.boolean().default(false),
        litigationHoldEnabled: z.boolean().default(false),
      })
      .strict()
      .optional(),
  })
  .passthrough();

const group = z
  .object({
    id: guid,
    displayName: z.string().min(1),
    securityEnabled: z.boolean().default(true),
    assignedLicenses: z.array(assignedLicense).default([]),
    members: z.array(guid).default([]),
  })
  .passthrough();

const contact = z
  .object({
    id: guid,
    displayName: z.string().min(1),
    mail: z.string().nullish().transform((v) => v ?? null),
    jobTitle: z.string().nullish().transform((v) => v ?? null),
    department: z.string().nullish().transform((v) => v ?? null),
    manager: guid.optional(),
  })
  .passthrough();

/** How the demo tenant pages and answers, to behave like real Graph at its least convenient (all optional). */
const demoBehaviour = z
  .object({
    /** Page size when the client gives no $top (Graph: 100). */
    pageSize: z.number().int().min(1).max(999).optional(),
    /** Pages never hold more than this, whatever $top says (Graph may return small pages). */
    maxPageSize: z.number().int().min(1).max(999).optional(),
    /** $top above this with $select=signInActivity → 400, as Graph answers (default 120). */
    signInActivityPageLimit: z.number().int().min(1).max(999).optional(),
    /** $batch answers in request order or shuffled (default shuffled, as Graph may). */
    batchOrder: z.enum(['shuffled', 'request']).optional(),
  })
  .strict();

/** GET /directory/subscriptions (companySubscription); optional — derived from subscribedSkus when absent. */
const subscription = z
  .object({
    id: guid,
    skuId: guid,
    skuPartNumber: z.string().min(1),
    status: z.enum(['Enabled', 'Warning', 'Suspended', 'Deleted', 'LockedOut']).default('Enabled'),
    totalLicenses: z.number().int().min(0),
    isTrial: z.boolean().default(false),
    createdDateTime: z.string().datetime({ offset: true }).nullish().transform((v) => v ?? null),
    nextLifecycleDateTime: z.string().datetime({ offset: true }).nullish().transform((v) => v ?? null),
    commerceSubscriptionId: z.string().optional(),
  })
  .passthrough();

const fixtureSchema = z
  .object({
    organization: z
      .object({
        id: guid,
        displayName: z.string().min(1),
        countryLetterCode: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code').default('US'),
        verifiedDomains: z
          .array(z.object({ name: z.string().min(1), isDefault: z.boolean().default(false), isInitial: z.boolean().default(false) }).passthrough())
          .min(1, 'needs at least one domain'),
      })
      .passthrough(),
    subscribedSkus: z.array(subscribedSku),
    users: z.array(user),
    groups: z.array(group).default([]),
    contacts: z.array(contact).default([]),
    reportSettings: z.object({ displayConcealedNames: z.boolean() }).strict().optional(),
    demo: demoBehaviour.optional(),
    subscriptions: z.array(subscription).optional(),
  })
  .strict();

type ParsedFixture = z.output<typeof fixtureSchema>;

export interface FixtureLicense {
  skuId: string;
  disabledPlans: string[];
}

export interface FixtureServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  provisioningStatus: string;
  appliesTo: string;
}

export interface FixtureSku {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus: 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';
  appliesTo: 'User' | 'Company';
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  servicePlans: FixtureServicePlan[];
}

export interface FixtureUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  accountEnabled: boolean;
  usageLocation: string | null;
  manager?: string;
  assignedLicenses: FixtureLicense[];
  proxyAddresses?: string[];
  signInActivity?: { lastSignInDateTime?: string | null; lastNonInteractiveSignInDateTime?: string | null };
  mailbox?: { storageUsedInBytes: number; archiveEnabled: boolean; litigationHoldEnabled: boolean };
  /** Any other Graph user property the fixture gives (givenName, officeLocation, …): served as is. */
  extra: Record<string, unknown>;
}

export interface FixtureGroup {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  assignedLicenses: FixtureLicense[];
  members: string[];
  extra: Record<string, unknown>;
}

/** An organizational contact (orgContact): may be a user's manager, and have a manager itself. */
export interface FixtureContact {
  id: string;
  displayName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  manager?: string;
  extra: Record<string, unknown>;
}

export type DemoBehaviour = z.output<typeof demoBehaviour>;

export interface FixtureOrganization {
  id: string;
  displayName: string;
  countryLetterCode: string;
  verifiedDomains: Array<{ name: string; isDefault: boolean; isInitial: boolean; [key: string]: unknown }>;
  extra: Record<string, unknown>;
}

export interface FixtureSubscription {
  id: string;
  skuId: string;
  skuPartNumber: string;
  status: 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';
  totalLicenses: number;
  isTrial: boolean;
  createdDateTime: string | null;
  nextLifecycleDateTime: string | null;
  extra: Record<string, unknown>;
}

/** A validated, normalised fixture: GUIDs lower-case, defaults applied, every SKU with its servicePlans. */
export interface TenantFixture {
  organization: FixtureOrganization;
  subscribedSkus: FixtureSku[];
  users: FixtureUser[];
  groups: FixtureGroup[];
  contacts: FixtureContact[];
  /** GET /admin/reportSettings; usage reports carry hashed names when displayConcealedNames is true. */
  reportSettings: { displayConcealedNames: boolean };
  demo: DemoBehaviour;
  /** Present when the fixture gives them; the demo tenant derives one per SKU otherwise. */
  subscriptions?: FixtureSubscription[];
}

function split<T extends Record<string, unknown>, K extends string>(obj: T, known: readonly K[]): [Pick<T, K & keyof T>, Record<string, unknown>] {
  const picked: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'extra' && v && typeof v === 'object') Object.assign(extra, v);
    else if ((known as readonly string[]).includes(k)) picked[k] = v;
    else extra[k] = v;
  }
  return [picked as Pick<T, K & keyof T>, extra];
}

export class FixtureError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid tenant fixture ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FixtureError';
  }
}

export const BUNDLED_FIXTURE_NAME = 'bundled contoso.json';

/** The Contoso fixture bundled with the project (imported, so it ships in lib/ after tsc). */
export function bundledFixture(catalog?: Catalog): TenantFixture {
  return validateFixture(structuredClone(bundledContoso), BUNDLED_FIXTURE_NAME, catalog);
}

export function loadFixture(path: string, catalog?: Catalog): TenantFixture {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FixtureError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseFixture(text, path, catalog);
}

export function parseFixture(text: string, source = 'fixture', catalog?: Catalog): TenantFixture {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch (error) {
    const at = jsonErrorPosition(input, (error as Error).message);
    const { line, column } = lineColumn(input, at);
    throw new FixtureError(source, [`invalid JSON at line ${line}, column ${column} (${basename(source)}): ${(error as Error).message}`]);
  }
  return validateFixture(data, source, catalog);
}

/** Validates a parsed fixture object (raw or already normalised). */
export function validateFixture(data: unknown, source = 'fixture', catalog: Catalog = Catalog.bundled()): TenantFixture {
  const parsed = fixtureSchema.safeParse(data);
  if (!parsed.success) {
    throw new FixtureError(
      source,
      parsed.error.issues.slice(0, 20).map((issue) => `${formatPath(issue.path) || '(top level)'}: ${issueMessage(issue)}`),
    );
  }
  const f = parsed.data;
  const problems: string[] = [];

  // SKUs: unique, known to the catalog (or with their own servicePlans), part number consistent.
  const skuAt = new Map<string, number>();
  const skus: FixtureSku[] = f.subscribedSkus.map((sku, i) => {
    const first = skuAt.get(sku.skuId);
    if (first !== undefined) problems.push(`duplicate skuId "${sku.skuId}" at subscribedSkus[${i}] (first at subscribedSkus[${first}])`);
    else skuAt.set(sku.skuId, i);
    const known = catalog.sku(sku.skuId);
    if (known && known.skuPartNumber.toUpperCase() !== sku.skuPartNumber.toUpperCase()) {
      problems.push(`subscribedSkus[${i}].skuPartNumber "${sku.skuPartNumber}" does not match skuId "${sku.skuId}" (Microsoft's catalog says "${known.skuPartNumber}")`);
    }
    let servicePlans = sku.servicePlans;
    if (!servicePlans) {
      if (!known) {
        problems.push(`subscribedSkus[${i}].skuId "${sku.skuId}" is not in Microsoft's licensing catalog: give its servicePlans in the fixture`);
        servicePlans = [];
      } else {
        servicePlans = known.servicePlanIds.map((id) => ({
          servicePlanId: id,
          servicePlanName: catalog.plan(id)?.servicePlanName ?? id,
          provisioningStatus: 'Success',
          appliesTo: 'User',
        }));
      }
    }
    return {
      skuId: sku.skuId,
      skuPartNumber: sku.skuPartNumber,
      capabilityStatus: sku.capabilityStatus,
      appliesTo: sku.appliesTo,
      prepaidUnits: sku.prepaidUnits,
      servicePlans,
    };
  });
  const skuById = new Map(skus.map((s) => [s.skuId, s]));

  // Users: unique ids and UPNs, manager is another user.
  const userAt = new Map<string, number>();
  const upnAt = new Map<string, number>();
  f.users.forEach((u, i) => {
    const first = userAt.get(u.id);
    if (first !== undefined) problems.push(`duplicate user id "${u.id}" at users[${i}] (first at users[${first}])`);
    else userAt.set(u.id, i);
    const upn = u.userPrincipalName.toLowerCase();
    const firstUpn = upnAt.get(upn);
    if (firstUpn !== undefined) problems.push(`duplicate userPrincipalName "${u.userPrincipalName}" at users[${i}] (first at users[${firstUpn}])`);
    else upnAt.set(upn, i);
  });
  // Contacts: unique ids, not shared with users. A manager is a user or a contact (Graph's directoryObject).
  const contactAt = new Map<string, number>();
  f.contacts.forEach((c, i) => {
    const first = contactAt.get(c.id) ?? userAt.get(c.id);
    if (contactAt.has(c.id)) problems.push(`duplicate contact id "${c.id}" at contacts[${i}] (first at contacts[${first}])`);
    else if (userAt.has(c.id)) problems.push(`contacts[${i}].id "${c.id}" is already the id of users[${first}]`);
    else contactAt.set(c.id, i);
  });
  const checkManager = (manager: string | undefined, self: string, where: string): void => {
    if (manager === undefined) return;
    if (manager === self) problems.push(`${where}.manager "${manager}" is the ${where.startsWith('users') ? 'user' : 'contact'} itself`);
    else if (!userAt.has(manager) && !contactAt.has(manager)) problems.push(`${where}.manager "${manager}" is not a user id (nor a contact id)`);
  };
  f.users.forEach((u, i) => checkManager(u.manager, u.id, `users[${i}]`));
  f.contacts.forEach((c, i) => checkManager(c.manager, c.id, `contacts[${i}]`));

  const checkLicenses = (licenses: Array<{ skuId: string; disabledPlans: string[] }>, where: string): void => {
    const seen = new Map<string, number>();
    const planRefs: PlanRef[] = [];
    licenses.forEach((l, j) => {
      const place = `${where}.assignedLicenses[${j}]`;
      const sku = skuById.get(l.skuId);
      if (!sku) {
        problems.push(`${place}.skuId "${l.skuId}" is not a SKU of this tenant (subscribedSkus)`);
        return;
      }
      const firstJ = seen.get(l.skuId);
      if (firstJ !== undefined) problems.push(`${place}.skuId "${l.skuId}" is assigned twice (first at ${where}.assignedLicenses[${firstJ}])`);
      seen.set(l.skuId, j);
      if (sku.appliesTo !== 'User') problems.push(`${place}.skuId "${l.skuId}" (${sku.skuPartNumber}) applies to the company, not to users`);
      const planIds = new Set(sku.servicePlans.map((p) => p.servicePlanId));
      l.disabledPlans.forEach((planId, k) => {
        if (!planIds.has(planId)) problems.push(`${place}.disabledPlans[${k}] "${planId}" is not a service plan of ${sku.skuPartNumber} (${sku.skuId})`);
      });
      const disabled = new Set(l.disabledPlans);
      for (const p of sku.servicePlans) if (!disabled.has(p.servicePlanId)) planRefs.push(p);
    });
    const conflict = findMutuallyExclusive(planRefs);
    if (conflict) {
      problems.push(
        `${where}.assignedLicenses: service plans ${conflict[0].servicePlanName} (${conflict[0].servicePlanId}) and ${conflict[1].servicePlanName} (${conflict[1].servicePlanId}) are mutually exclusive`,
      );
    }
  };
  f.users.forEach((u, i) => checkLicenses(u.assignedLicenses, `users[${i}]`));

  // Groups: unique ids (also against users), members are users, licenses valid.
  const groupAt = new Map<string, number>();
  f.groups.forEach((g, i) => {
    const first = groupAt.get(g.id);
    if (first !== undefined) problems.push(`duplicate group id "${g.id}" at groups[${i}] (first at groups[${first}])`);
    else groupAt.set(g.id, i);
    const asUser = userAt.get(g.id);
    if (asUser !== undefined) problems.push(`groups[${i}].id "${g.id}" is already the id of users[${asUser}]`);
    const members = new Map<string, number>();
    g.members.forEach((m, k) => {
      if (!userAt.has(m)) problems.push(`groups[${i}].members[${k}] "${m}" is not a user id`);
      const firstK = members.get(m);
      if (firstK !== undefined) problems.push(`groups[${i}].members[${k}] "${m}" is listed twice (first at groups[${i}].members[${firstK}])`);
      members.set(m, k);
    });
    if (g.assignedLicenses.length > 0 && !g.securityEnabled) problems.push(`groups[${i}] has assignedLicenses but is not securityEnabled (group-based licensing needs a security group)`);
    checkLicenses(g.assignedLicenses, `groups[${i}]`);
  });

  // Subscriptions: unique ids, each for a SKU of this tenant with the SKU's part number.
  const subscriptionAt = new Map<string, number>();
  (f.subscriptions ?? []).forEach((sub, i) => {
    const first = subscriptionAt.get(sub.id);
    if (first !== undefined) problems.push(`duplicate subscription id "${sub.id}" at subscriptions[${i}] (first at subscriptions[${first}])`);
    else subscriptionAt.set(sub.id, i);
    const sku = skuById.get(sub.skuId);
    if (!sku) problems.push(`subscriptions[${i}].skuId "${sub.skuId}" is not a SKU of this tenant (subscribedSkus)`);
    else if (sku.skuPartNumber.toUpperCase() !== sub.skuPartNumber.toUpperCase()) problems.push(`subscriptions[${i}].skuPartNumber "${sub.skuPartNumber}" is not the part number of SKU "${sub.skuId}" (${sku.skuPartNumber})`);
  });

  if (problems.length) throw new FixtureError(source, problems.slice(0, 50));
  const USER_KEYS = ['id', 'displayName', 'userPrincipalName', 'mail', 'jobTitle', 'department', 'accountEnabled', 'usageLocation', 'manager', 'assignedLicenses', 'proxyAddresses', 'signInActivity', 'mailbox'] as const;
  const users: FixtureUser[] = f.users.map((u) => {
    const [known, extra] = split(u as Record<string, unknown>, USER_KEYS);
    return { ...(known as unknown as Omit<FixtureUser, 'extra'>), extra };
  });
  const groups: FixtureGroup[] = f.groups.map((g) => {
    const [known, extra] = split(g as Record<string, unknown>, ['id', 'displayName', 'securityEnabled', 'assignedLicenses', 'members'] as const);
    return { ...(known as unknown as Omit<FixtureGroup, 'extra'>), extra };
  });
  const [org, orgExtra] = split(f.organization as Record<string, unknown>, ['id', 'displayName', 'countryLetterCode', 'verifiedDomains'] as const);
  const organization = { ...(org as unknown as Omit<FixtureOrganization, 'extra'>), extra: orgExtra };
  const contacts: FixtureContact[] = f.contacts.map((c) => {
    const [known, extra] = split(c as Record<string, unknown>, ['id', 'displayName', 'mail', 'jobTitle', 'department', 'manager'] as const);
    return { ...(known as unknown as Omit<FixtureContact, 'extra'>), extra };
  });
  const subscriptions: FixtureSubscription[] | undefined = f.subscriptions?.map((sub) => {
    const [known, extra] = split(sub as Record<string, unknown>, ['id', 'skuId', 'skuPartNumber', 'status', 'totalLicenses', 'isTrial', 'createdDateTime', 'nextLifecycleDateTime'] as const);
    return { ...(known as unknown as Omit<FixtureSubscription, 'extra'>), extra };
  });
  return {
    organization,
    subscribedSkus: skus,
    users,
    groups,
    contacts,
    reportSettings: { displayConcealedNames: f.reportSettings?.displayConcealedNames ?? false },
    demo: f.demo ?? {},
    ...(subscriptions ? { subscriptions } : {}),
  };
}

export function formatPath(path: Array<string | number>): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function issueMessage(issue: z.ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'is required';
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** Where JSON.parse stopped: from V8's message when it says, else found by a small scanner. */
function jsonErrorPosition(text: string, message: string): number {
  const m = /position (\d+)/.exec(message);
  if (m) return Number(m[1]);
  return scanJsonError(text);
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(index, text.length); i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}

/** Index of the first character a strict JSON parser rejects (used when V8's message has no position). */
export function scanJsonError(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const ch of word) if (text[i++] !== ch) (i--, fail());
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) ((i += k), fail());
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      } else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail();
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail();
      }
    } else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return text.length;
  } catch (at) {
    return typeof at === 'number' ? at : text.length;
  }
}
