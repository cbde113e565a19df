import { newId, Role } from '@service-desk/core';
import { asOwner, graphql, type GraphqlResult, randomClientAddress } from '@service-desk/testing';
import type { ApiHarness } from './api.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

export const TEMPLATE_FIELDS =
  'id name language active version previousVersionId isDefault csatQuestion responseCount items { id dimension text textEn position }';
export const TEMPLATES = `query($active: Boolean) { surveyTemplates(first: 20, active: $active) { edges { node { ${TEMPLATE_FIELDS} } } } }`;
export const CREATE_TEMPLATE = `mutation($input: CreateSurveyTemplateInput!) { createSurveyTemplate(input: $input) { ${TEMPLATE_FIELDS} } }`;
export const UPDATE_TEMPLATE = `mutation($input: UpdateSurveyTemplateInput!) { updateSurveyTemplate(input: $input) { ${TEMPLATE_FIELDS} } }`;
export const INVITE =
  'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId templateId token path expiresAt customerId zoneId revisitId } }';
export const PUBLIC_SURVEY =
  'query($token: String!) { publicSurvey(token: $token) { storeName language csatQuestion expiresAt items { id dimension text textEn position } } }';
export const SUBMIT_PUBLIC =
  'mutation($input: SubmitPublicSurveyResponseInput!) { submitPublicSurveyResponse(input: $input) { submittedAt answered } }';
export const SUBMIT_STAFF =
  'mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { id templateId channel customerId revisitId zoneId csat comment submittedAt answers { itemId dimension expectation perception } } }';

export interface Answer {
  itemId: string;
  expectation: number;
  perception: number;
}

/** Fails with the whole answer when a call that must succeed does not. */
export function ok<T>(result: GraphqlResult, field: string): T {
  const value = result.data?.[field];
  if (!value) throw new Error(`${field} failed: ${JSON.stringify(result.errors)}`);
  return value as T;
}

export async function createZone(api: ApiHarness, t: Tenant, name: string): Promise<string> {
  const result = await api.gql(
    'mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }',
    { input: { name } },
    await t.token(Role.SUPERVISOR),
  );
  return ok<{ id: string }>(result, 'createZone').id;
}

export async function createCustomer(
  api: ApiHarness,
  t: Tenant,
  input: Record<string, unknown>,
): Promise<string> {
  const result = await api.gql(
    'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
    { input },
    await t.token(Role.AGENT),
  );
  return ok<{ id: string }>(result, 'createCustomer').id;
}

export interface TemplateView {
  id: string;
  version: number;
  active: boolean;
  isDefault: boolean;
  previousVersionId: string | null;
  responseCount: number;
  csatQuestion: string | null;
  items: Array<{ id: string; dimension: string; text: string; textEn: string | null; position: number }>;
}

export async function defaultTemplate(api: ApiHarness, t: Tenant): Promise<TemplateView> {
  const result = await api.gql(TEMPLATES, {}, await t.token(Role.AGENT));
  const edges = ok<{ edges: Array<{ node: TemplateView }> }>(result, 'surveyTemplates').edges;
  const found = edges.find((edge) => edge.node.isDefault);
  if (!found) throw new Error('no default template');
  return found.node;
}

export interface Link {
  invitationId: string;
  templateId: string;
  token: string;
  path: string;
  expiresAt: string;
  customerId: string | null;
  zoneId: string | null;
  revisitId: string | null;
}

export async function invite(
  api: ApiHarness,
  t: Tenant,
  input: Record<string, unknown> = {},
  role: Role = Role.AGENT,
): Promise<Link> {
  return ok<Link>(await api.gql(INVITE, { input }, await t.token(role)), 'createSurveyInvitation');
}

/** Answers every item with the same E and P unless given per item. */
export const answersFor = (
  items: Array<{ id: string }>,
  values: (index: number) => [number, number] = () => [6, 5],
): Answer[] =>
  items.map((item, index) => {
    const [expectation, perception] = values(index);
    return { itemId: item.id, expectation, perception };
  });

export const submitPublic = (
  api: ApiHarness,
  input: Record<string, unknown>,
  address = randomClientAddress(),
) => graphql(api.url, SUBMIT_PUBLIC, { input }, undefined, address);

export const publicSurvey = (api: ApiHarness, token: string, address = randomClientAddress()) =>
  graphql(api.url, PUBLIC_SURVEY, { token }, undefined, address);

/**
 * A revisit of the tenant. Revisit handling is its own feature; surveys only link to a revisit by id,
 * so the test puts the row in place directly, as the revisit module would have.
 */
export async function insertRevisit(t: Tenant, customerId: string | null): Promise<string> {
  const id = newId();
  await asOwner(t.tenantId, (client) =>
    client.query(
      `INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, due_at) VALUES ($1, $2, 'SURVEY', $3, now() + interval '1 day')`,
      [t.tenantId, id, customerId],
    ),
  );
  return id;
}

/** Rows of the tenant in every table the survey operations write (the owner bypasses RLS: filter explicitly). */
export const SURVEY_TABLES = [
  'survey_templates',
  'survey_items',
  'survey_invitations',
  'survey_responses',
  'survey_answers',
  'tenant_events',
] as const;

export type SurveyCounts = Record<(typeof SURVEY_TABLES)[number], number>;

export const countSurveyRows = (tenantId: string): Promise<SurveyCounts> =>
  asOwner(tenantId, async (client) => {
    const columns = SURVEY_TABLES.map(
      (table) => `(SELECT count(*)::int FROM ${table} WHERE tenant_id = $1) AS ${table}`,
    );
    const { rows } = await client.query(`SELECT ${columns.join(', ')}`, [tenantId]);
    return rows[0] as SurveyCounts;
  });
