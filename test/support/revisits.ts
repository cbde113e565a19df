import { Role } from '@service-desk/core';
import type { ApiHarness } from './api.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

async function call(api: ApiHarness, name: string, inputType: string, input: unknown, token: string) {
  const result = await api.gql(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { id } }`,
    { input },
    token,
  );
  if (!result.data?.[name]) throw new Error(`${name} failed: ${JSON.stringify(result.errors)}`);
  return result.data[name] as { id: string };
}

/**
 * A complaint of a new customer walked through the API to RESOLVED by the agent, which schedules its
 * COMPLAINT revisit (assigned to the agent, the handler). Returns the ids.
 */
export async function resolvedComplaint(
  api: ApiHarness,
  tenant: Tenant,
  customer: Record<string, unknown> = {},
): Promise<{ complaintId: string; customerId: string; revisitId: string }> {
  const agent = await tenant.token(Role.AGENT);
  const { id: customerId } = await call(
    api,
    'createCustomer',
    'CreateCustomerInput',
    { name: '李娜', phone: '13912345678', ...customer },
    agent,
  );
  const { id: complaintId } = await call(
    api,
    'submitComplaint',
    'SubmitComplaintInput',
    {
      customerId,
      channel: 'PHONE',
      category: 'SERVICE_ATTITUDE',
      title: '服务态度差',
      description: '收银员态度很差',
    },
    agent,
  );
  const revisitId = await resolveComplaint(api, tenant, complaintId);
  return { complaintId, customerId, revisitId };
}

/** Walks a RECEIVED complaint to RESOLVED as the agent; returns the COMPLAINT revisit it scheduled. */
export async function resolveComplaint(
  api: ApiHarness,
  tenant: Tenant,
  complaintId: string,
): Promise<string> {
  const agent = await tenant.token(Role.AGENT);
  await call(
    api,
    'acknowledgeComplaint',
    'AcknowledgeComplaintInput',
    { complaintId, promisedReplyAt: inHours(2) },
    agent,
  );
  await call(api, 'startInvestigation', 'ComplaintIdInput', { complaintId }, agent);
  await call(
    api,
    'proposeResolution',
    'ProposeResolutionInput',
    { complaintId, options: [{ remedy: 'APOLOGY', amount: 0, description: '当面道歉' }] },
    agent,
  );
  const detail = await api.gql(
    'query($id: ID!) { complaint(id: $id) { proposals { options { id } } } }',
    { id: complaintId },
    agent,
  );
  await call(
    api,
    'recordCustomerDecision',
    'RecordCustomerDecisionInput',
    { complaintId, accepted: true, optionIds: [detail.data?.complaint.proposals[0].options[0].id] },
    agent,
  );
  await call(api, 'resolveComplaint', 'ResolveComplaintInput', { complaintId, summary: '已道歉' }, agent);
  const revisits = await api.gql(
    'query($id: ID!) { complaint(id: $id) { revisits { id } } }',
    { id: complaintId },
    agent,
  );
  const revisitId = revisits.data?.complaint.revisits[0]?.id as string | undefined;
  if (!revisitId) throw new Error(`no revisit scheduled: ${JSON.stringify(revisits)}`);
  return revisitId;
}
