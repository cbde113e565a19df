import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext } from '@service-desk/core';
import { ComplaintQueries, ComplaintsService, NoteVisibility } from '@service-desk/complaints';
import pg from 'pg';

const hours = (n: number) => new Date(Date.now() + n * 3_600_000);

interface Story {
  title: string;
  description: string;
  category: string;
  channel: string;
  severity: string;
  /** The furthest state the story reaches. */
  until:
    'RECEIVED' | 'ACKNOWLEDGED' | 'INVESTIGATING' | 'AWAITING_CUSTOMER' | 'PROPOSED' | 'RESOLVED' | 'CLOSED';
  /** Hours to move the complaint into the past (makes it overdue). */
  ageHours?: number;
}

const STORIES: Story[] = [
  {
    title: '酸奶里有苍蝇',
    description: '孩子喝酸奶时发现苍蝇，值班经理态度恶劣。',
    category: 'PRODUCT_QUALITY',
    channel: 'WALK_IN',
    severity: 'HIGH',
    until: 'CLOSED',
  },
  {
    title: 'Rude cashier',
    description: 'The cashier shouted at me when I asked for a receipt.',
    category: 'SERVICE_ATTITUDE',
    channel: 'PHONE',
    severity: 'NORMAL',
    until: 'RESOLVED',
  },
  {
    title: '促销价格与实际不符',
    description: '宣传单写八折，结账时按原价收费。',
    category: 'MISLEADING_PROMOTION',
    channel: 'WEB',
    severity: 'NORMAL',
    until: 'PROPOSED',
  },
  {
    title: 'Water leak in Building E',
    description: 'Ceiling leaks in the lobby of Building E since yesterday.',
    category: 'MANAGEMENT',
    channel: 'PHONE',
    severity: 'HIGH',
    until: 'AWAITING_CUSTOMER',
  },
  {
    title: '会员积分未到账',
    description: '上周消费的积分一直没有到账。',
    category: 'CUSTOMER_EXPECTATION',
    channel: 'IM',
    severity: 'LOW',
    until: 'INVESTIGATING',
    ageHours: 60,
  },
  {
    title: 'Broken trolley wheel',
    description: 'Trolley wheel came off and scratched my car.',
    category: 'PRODUCT_QUALITY',
    channel: 'EMAIL',
    severity: 'NORMAL',
    until: 'ACKNOWLEDGED',
    ageHours: 40,
  },
  {
    title: '停车场收费有误',
    description: '停车两小时却收了三小时的费用。',
    category: 'MANAGEMENT',
    channel: 'SMS',
    severity: 'NORMAL',
    until: 'RECEIVED',
    ageHours: 30,
  },
  {
    title: 'Noisy night deliveries',
    description: 'Delivery trucks unload at 2 am under my window.',
    category: 'OTHER',
    channel: 'FAX',
    severity: 'LOW',
    until: 'RECEIVED',
  },
];

const ORDER = [
  'RECEIVED',
  'ACKNOWLEDGED',
  'INVESTIGATING',
  'AWAITING_CUSTOMER',
  'PROPOSED',
  'RESOLVED',
  'CLOSED',
];

/** Complaints in every state for a demo tenant, some overdue, through the real use cases. */
export async function seedComplaints(
  app: INestApplicationContext,
  ownerUrl: string,
  agent: Actor,
  supervisor: Actor,
  customerIds: string[],
): Promise<void> {
  const complaints = app.get(ComplaintsService);
  const as = <T>(actor: Actor, work: () => Promise<T>) =>
    RequestContext.run({ requestId: 'seed', actor }, work);
  for (const [index, story] of STORIES.entries()) {
    const reach = (state: string) => ORDER.indexOf(story.until) >= ORDER.indexOf(state);
    const c = await as(agent, () =>
      complaints.submit({
        customerId: customerIds[index % customerIds.length],
        channel: story.channel as never,
        category: story.category as never,
        severity: story.severity as never,
        title: story.title,
        description: story.description,
      }),
    );
    const complaintId = c.id;
    if (reach('ACKNOWLEDGED'))
      await as(agent, () =>
        complaints.acknowledge({
          complaintId,
          promisedReplyAt: hours(4),
          message: '您好，我们已收到您的投诉，会尽快处理。',
        }),
      );
    if (reach('INVESTIGATING')) await as(agent, () => complaints.startInvestigation(complaintId));
    if (story.until === 'AWAITING_CUSTOMER')
      await as(agent, () =>
        complaints.requestCustomerInfo({ complaintId, question: 'Could you send a photo of the damage?' }),
      );
    if (reach('PROPOSED') && story.until !== 'AWAITING_CUSTOMER') {
      await as(agent, () =>
        complaints.addNote({
          complaintId,
          body: 'Checked CCTV and receipts.',
          visibility: NoteVisibility.INTERNAL,
        }),
      );
      await as(agent, () =>
        complaints.propose({
          complaintId,
          options: [
            { remedy: 'VOUCHER' as never, amount: 50, description: '50 元代金券 voucher' },
            { remedy: 'APOLOGY' as never, amount: 0, description: '书面道歉 Written apology' },
          ],
        }),
      );
    }
    if (reach('RESOLVED')) {
      const [proposals] = await app.get(ComplaintQueries).proposals(agent.tenantId, [complaintId]);
      const optionIds = proposals.at(-1)?.options.map((option) => option.id) ?? [];
      await as(supervisor, () =>
        complaints.recordCustomerDecision({ complaintId, accepted: true, optionIds, comment: 'OK' }),
      );
      await as(supervisor, () => complaints.resolve({ complaintId, summary: 'Apologised and compensated.' }));
    }
    if (reach('CLOSED')) {
      await backdate(
        ownerUrl,
        agent.tenantId,
        `UPDATE revisit_tasks SET status = 'COMPLETED', satisfaction = 4, completed_at = now() WHERE complaint_id = $1`,
        complaintId,
      );
      await as(supervisor, () => complaints.close({ complaintId }));
      await as(supervisor, () =>
        complaints.evaluate({
          complaintId,
          rootCause: '冷柜封条破损，未及时检查',
          preventiveAction: '每日班前会检查冷柜封条 Daily fridge-seal check',
          addToCaseLibrary: true,
        }),
      );
    }
    if (story.ageHours) {
      // Demo only: move an open complaint into the past so that it shows as overdue.
      await backdate(
        ownerUrl,
        agent.tenantId,
        `UPDATE complaints SET received_at = received_at - make_interval(hours => ${story.ageHours}), clock_started_at = clock_started_at - make_interval(hours => ${story.ageHours}),
           first_reply_due_at = first_reply_due_at - make_interval(hours => ${story.ageHours}), first_reply_warn_at = first_reply_warn_at - make_interval(hours => ${story.ageHours}),
           resolution_due_at = resolution_due_at - make_interval(hours => ${story.ageHours}), resolution_warn_at = resolution_warn_at - make_interval(hours => ${story.ageHours})
         WHERE id = $1`,
        complaintId,
      );
    }
  }
}

async function backdate(ownerUrl: string, tenantId: string, sql: string, id: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    await client.query(sql, [id]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
