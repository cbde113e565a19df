import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import {
  type ServqualDimension,
  SurveyResponsesService,
  SurveyTemplatesService,
} from '@service-desk/surveys';
import pg from 'pg';
import type { SeededTenant } from './foundation.js';

/**
 * What the customers of each zone experience, per dimension, in the older and the newer month (mean
 * perception on 1–7). Expectations run high (6–7), so the report shows real gaps: Building E's
 * reliability is poor and improves after a month of repairs, Building A answers slowly.
 */
const PERCEPTION: Record<string, Record<ServqualDimension, [number, number]>> = {
  'Building A': {
    TANGIBLES: [6, 6],
    RELIABILITY: [5.5, 5.5],
    RESPONSIVENESS: [4, 5],
    ASSURANCE: [6, 6],
    EMPATHY: [5, 5.5],
  },
  'Building E': {
    TANGIBLES: [4.5, 4.5],
    RELIABILITY: [3.5, 5],
    RESPONSIVENESS: [5, 5],
    ASSURANCE: [5.5, 5.5],
    EMPATHY: [5.5, 6],
  },
};
const PER_ZONE_AND_MONTH = 6;

/** A small deterministic generator, so every seeded database shows the same report. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

/**
 * The default SERVQUAL template and responses over two zones and the two previous calendar months,
 * through the invitation and public-link use cases (each link answered once); the answers are then
 * moved to their day in the past, which only the seed may do.
 */
export async function seedSurveys(
  app: INestApplicationContext,
  ownerUrl: string,
  tenant: SeededTenant,
): Promise<void> {
  const templates = app.get(SurveyTemplatesService);
  const responses = app.get(SurveyResponsesService);
  const as = <T>(actor: Actor, work: () => Promise<T>) =>
    RequestContext.run({ requestId: 'seed', actor }, work);
  const { zones, template } = await as(tenant.agent, () =>
    app.get(Database).transaction(async (tx) => {
      const current = await templates.current(tx);
      return {
        template: { id: current.id, items: await templates.itemsOf(tx, current.id) },
        zones: new Map<string, string>(
          (await tx.query(`SELECT id, name FROM zones WHERE tenant_id = app_tenant_id()`)).map(
            (z: { id: string; name: string }) => [z.name, z.id],
          ),
        ),
      };
    }),
  );
  const random = generator(tenant.slug.length * 7_919);
  const now = new Date();
  const dated: Array<{ invitationId: string; at: Date }> = [];
  let n = 0;
  for (const [zoneName, profile] of Object.entries(PERCEPTION)) {
    const zoneId = zones.get(zoneName);
    if (!zoneId) continue;
    for (const [month, monthsAgo] of [
      [0, 2],
      [1, 1],
    ] as const) {
      for (let i = 0; i < PER_ZONE_AND_MONTH; i++) {
        const customerId = tenant.customerIds[n % tenant.customerIds.length];
        const link = await as(tenant.agent, () => responses.createInvitation({ customerId, zoneId }));
        const answers = template.items.map((item) => ({
          itemId: item.id,
          expectation: clamp(6.3 + random() * 1.2 - 0.4, 1, 7),
          perception: clamp(profile[item.dimension][month] + random() * 2 - 1, 1, 7),
        }));
        const meanPerception = answers.reduce((sum, a) => sum + a.perception, 0) / answers.length;
        const csat = n % 5 === 4 ? null : clamp(meanPerception - 1 + random() * 2 - 1, 1, 5);
        await responses.submitPublic(
          { token: link.token as string, answers, csat, comment: null },
          `seed-${n}`,
        );
        // Spread over the days of the month, at mid-morning in the tenant's zone (UTC+8).
        const at = new Date(
          Date.UTC(
            now.getUTCFullYear(),
            now.getUTCMonth() - monthsAgo,
            2 + ((i * 5 + n) % 25),
            2,
            (n * 7) % 60,
          ),
        );
        dated.push({ invitationId: link.invitationId, at });
        n++;
      }
    }
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      `UPDATE survey_responses r SET submitted_at = d.at
       FROM unnest($2::uuid[], $3::timestamptz[]) AS d(invitation_id, at)
       WHERE r.tenant_id = $1 AND r.invitation_id = d.invitation_id`,
      [tenant.tenantId, dated.map((d) => d.invitationId), dated.map((d) => d.at)],
    );
    await client.query(
      `UPDATE survey_invitations i SET created_at = d.at - interval '1 day', used_at = d.at
       FROM unnest($2::uuid[], $3::timestamptz[]) AS d(id, at)
       WHERE i.tenant_id = $1 AND i.id = d.id`,
      [tenant.tenantId, dated.map((d) => d.invitationId), dated.map((d) => d.at)],
    );
  } finally {
    await client.end();
  }
}
