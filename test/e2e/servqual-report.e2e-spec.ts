import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { asOwner, errorCode } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';
import {
  CREATE_TEMPLATE,
  createZone,
  invite,
  ok,
  submitPublic,
  type TemplateView,
} from '../support/surveys.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const REPORT = `query($from: DateTime!, $to: DateTime!, $zoneId: ID, $groupBy: ServqualGrouping!) {
  servqualReport(from: $from, to: $to, zoneId: $zoneId, groupBy: $groupBy) {
    zoneId groupBy timeZone csv
    total { ...group }
    groups { ...group }
  }
}
fragment group on ServqualGroup {
  zoneId zoneName period responses servqualScore
  dimensions { dimension meanExpectation meanPerception gap responses }
  csat { mean responses distribution }
}`;

interface Dim {
  dimension: string;
  meanExpectation: number | null;
  meanPerception: number | null;
  gap: number | null;
  responses: number;
}
interface Group {
  zoneId: string | null;
  zoneName: string | null;
  period: string | null;
  responses: number;
  servqualScore: number | null;
  dimensions: Dim[];
  csat: { mean: number | null; responses: number; distribution: number[] };
}

/** [E, P] of the statements t1, t2 (TANGIBLES), r1 (RELIABILITY), e1 (EMPATHY). */
type Ratings = [[number, number], [number, number], [number, number], [number, number]];

/**
 * Six responses over two zones and two months (Asia/Shanghai), and one in August outside the period.
 * Per response, tangibles is the mean of t1 and t2; the expected figures below are worked out by hand.
 */
const RESPONSES: Array<{ zone: 'A' | 'B'; at: string; ratings: Ratings; csat: number | null }> = [
  {
    zone: 'A',
    at: '2026-09-10T04:00:00Z',
    ratings: [
      [7, 5],
      [6, 4],
      [7, 6],
      [5, 5],
    ],
    csat: 4,
  }, // R1: T 6.5/4.5
  {
    zone: 'A',
    at: '2026-09-20T04:00:00Z',
    ratings: [
      [6, 6],
      [6, 5],
      [6, 3],
      [6, 7],
    ],
    csat: 2,
  }, // R2: T 6/5.5
  {
    zone: 'A',
    at: '2026-10-05T04:00:00Z',
    ratings: [
      [5, 5],
      [5, 5],
      [7, 7],
      [4, 6],
    ],
    csat: null,
  }, // R3: T 5/5
  {
    zone: 'B',
    at: '2026-09-15T04:00:00Z',
    ratings: [
      [7, 3],
      [7, 4],
      [5, 2],
      [6, 5],
    ],
    csat: 1,
  }, // R4: T 7/3.5
  {
    zone: 'B',
    at: '2026-10-12T04:00:00Z',
    ratings: [
      [6, 7],
      [4, 6],
      [6, 6],
      [7, 4],
    ],
    csat: 5,
  }, // R5: T 5/6.5
  {
    zone: 'B',
    at: '2026-10-25T04:00:00Z',
    ratings: [
      [6, 6],
      [6, 6],
      [4, 5],
      [5, 5],
    ],
    csat: 5,
  }, // R6: T 6/6
  {
    zone: 'A',
    at: '2026-08-20T04:00:00Z',
    ratings: [
      [1, 7],
      [1, 7],
      [1, 7],
      [1, 7],
    ],
    csat: 1,
  }, // outside
];

const dims = (
  tangibles: [number, number, number] | null,
  reliability: [number, number, number] | null,
  empathy: [number, number, number] | null,
  responses: number,
): Dim[] => {
  const dim = (dimension: string, values: [number, number, number] | null): Dim =>
    values
      ? { dimension, meanExpectation: values[0], meanPerception: values[1], gap: values[2], responses }
      : { dimension, meanExpectation: null, meanPerception: null, gap: null, responses: 0 };
  return [
    dim('TANGIBLES', tangibles),
    dim('RELIABILITY', reliability),
    dim('RESPONSIVENESS', null),
    dim('ASSURANCE', null),
    dim('EMPATHY', empathy),
  ];
};

describe('servqualReport against hand-entered responses', () => {
  let api: ApiHarness;
  let t: Tenant;
  let zoneA: string;
  let zoneB: string;
  beforeAll(async () => {
    api = await startApi();
    t = await api.tenant();
    zoneA = await createZone(api, t, 'Building A');
    zoneB = await createZone(api, t, 'Building B');
    const template = ok<TemplateView>(
      await api.gql(
        CREATE_TEMPLATE,
        {
          input: {
            name: 'Four statements',
            items: [
              { dimension: 'TANGIBLES', text: '大堂整洁 The lobby is clean.' },
              { dimension: 'TANGIBLES', text: '员工着装整齐 Staff are neatly dressed.' },
              { dimension: 'RELIABILITY', text: '按时维修 Repairs are done when promised.' },
              { dimension: 'EMPATHY', text: '了解需要 Staff understand my needs.' },
            ],
          },
        },
        await t.token(Role.OWNER),
      ),
      'createSurveyTemplate',
    );
    for (const response of RESPONSES) {
      const link = await invite(api, t, {
        templateId: template.id,
        zoneId: response.zone === 'A' ? zoneA : zoneB,
      });
      const submitted = await submitPublic(api, {
        token: link.token,
        answers: template.items.map((item, index) => ({
          itemId: item.id,
          expectation: response.ratings[index][0],
          perception: response.ratings[index][1],
        })),
        csat: response.csat,
      });
      if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
      await asOwner(t.tenantId, (client) =>
        client.query(
          'UPDATE survey_responses SET submitted_at = $3 WHERE tenant_id = $1 AND invitation_id = $2',
          [t.tenantId, link.invitationId, response.at],
        ),
      );
    }
  });
  afterAll(() => api.close());

  const report = async (groupBy: string, zoneId?: string, role = Role.SUPERVISOR) => {
    const result = await api.gql(
      REPORT,
      { from: '2026-09-01T00:00:00Z', to: '2026-11-01T00:00:00Z', zoneId, groupBy },
      await t.token(role),
    );
    return ok<{
      zoneId: string | null;
      groupBy: string;
      timeZone: string;
      csv: string;
      total: Group;
      groups: Group[];
    }>(result, 'servqualReport');
  };

  // Tenant: T E (6.5+6+5+7+5+6)/6 = 35.5/6 = 5.92, P 31/6 = 5.17, gap −4.5/6 = −0.75;
  // R E 35/6 = 5.83, P 29/6 = 4.83, gap −1; Em E 33/6 = 5.5, P 32/6 = 5.33, gap −1/6 = −0.17;
  // score (−0.75 − 1 − 0.1667)/3 = −0.64; CSAT 4, 2, 1, 5, 5 → 17/5 = 3.4.
  const TENANT_TOTAL: Group = {
    zoneId: null,
    zoneName: null,
    period: null,
    responses: 6,
    servqualScore: -0.64,
    dimensions: dims([5.92, 5.17, -0.75], [5.83, 4.83, -1], [5.5, 5.33, -0.17], 6),
    csat: { mean: 3.4, responses: 5, distribution: [1, 1, 0, 1, 2] },
  };

  it('the tenant total: per dimension mean E, mean P and gap; null for dimensions nobody answered', async () => {
    const r = await report('TENANT');
    expect(r).toMatchObject({ groupBy: 'TENANT', timeZone: 'Asia/Shanghai', zoneId: null, groups: [] });
    expect(r.total).toEqual(TENANT_TOTAL);
  });

  it('per zone', async () => {
    const r = await report('ZONE', undefined, Role.HR);
    expect(r.total).toEqual(TENANT_TOTAL);
    expect(r.groups).toEqual([
      {
        // A: T E 17.5/3 = 5.83, P 15/3 = 5, gap −0.83; R 20/3, 16/3, −1.33; Em 5, 6, +1; score −0.39.
        zoneId: zoneA,
        zoneName: 'Building A',
        period: null,
        responses: 3,
        servqualScore: -0.39,
        dimensions: dims([5.83, 5, -0.83], [6.67, 5.33, -1.33], [5, 6, 1], 3),
        csat: { mean: 3, responses: 2, distribution: [0, 1, 0, 1, 0] },
      },
      {
        // B: T 6, 16/3, −0.67; R 5, 13/3, −0.67; Em 6, 14/3, −1.33; score −0.89.
        zoneId: zoneB,
        zoneName: 'Building B',
        period: null,
        responses: 3,
        servqualScore: -0.89,
        dimensions: dims([6, 5.33, -0.67], [5, 4.33, -0.67], [6, 4.67, -1.33], 3),
        csat: { mean: 3.67, responses: 3, distribution: [1, 0, 0, 0, 2] },
      },
    ]);
  });

  it('per month, in the tenant time zone', async () => {
    const r = await report('MONTH', undefined, Role.OWNER);
    expect(r.groups).toEqual([
      {
        // September (R1, R2, R4): T 6.5, 4.5, −2; R 6, 11/3, −2.33; Em 17/3, 17/3, 0; score −1.44.
        zoneId: null,
        zoneName: null,
        period: '2026-09',
        responses: 3,
        servqualScore: -1.44,
        dimensions: dims([6.5, 4.5, -2], [6, 3.67, -2.33], [5.67, 5.67, 0], 3),
        csat: { mean: 2.33, responses: 3, distribution: [1, 1, 0, 1, 0] },
      },
      {
        // October (R3, R5, R6): T 16/3, 17.5/3, +0.5; R 17/3, 6, +0.33; Em 16/3, 5, −0.33; score 0.17.
        zoneId: null,
        zoneName: null,
        period: '2026-10',
        responses: 3,
        servqualScore: 0.17,
        dimensions: dims([5.33, 5.83, 0.5], [5.67, 6, 0.33], [5.33, 5, -0.33], 3),
        csat: { mean: 5, responses: 2, distribution: [0, 0, 0, 0, 2] },
      },
    ]);
  });

  it('per zone and month', async () => {
    const r = await report('ZONE_MONTH');
    expect(
      r.groups.map((g) => [g.zoneName, g.period, g.responses, g.dimensions.map((d) => d.gap), g.csat.mean]),
    ).toEqual([
      ['Building A', '2026-09', 2, [-1.25, -2, null, null, 0.5], 3],
      ['Building A', '2026-10', 1, [0, 0, null, null, 2], null],
      ['Building B', '2026-09', 1, [-3.5, -3, null, null, -1], 1],
      ['Building B', '2026-10', 2, [0.75, 0.5, null, null, -1.5], 5],
    ]);
    expect(r.groups[0].dimensions[0]).toEqual({
      dimension: 'TANGIBLES',
      meanExpectation: 6.25,
      meanPerception: 5,
      gap: -1.25,
      responses: 2,
    });
  });

  it('limited to one zone, the total is that zone', async () => {
    const r = await report('MONTH', zoneA);
    expect(r.zoneId).toBe(zoneA);
    expect(r.total).toMatchObject({
      zoneId: zoneA,
      zoneName: 'Building A',
      responses: 3,
      servqualScore: -0.39,
    });
    expect(r.groups.map((g) => [g.period, g.responses])).toEqual([
      ['2026-09', 2],
      ['2026-10', 1],
    ]);
  });

  it('exports CSV with one line per group and dimension, negative gaps as numbers', async () => {
    const r = await report('ZONE');
    const lines = r.csv.split('\r\n');
    expect(lines[0]).toBe(
      '"zone","month","dimension","responses","mean_expectation","mean_perception","gap"',
    );
    expect(lines).toContain('"ALL","","有形性 Tangibles",6,5.92,5.17,-0.75');
    expect(lines).toContain('"ALL","","响应性 Responsiveness",0,"","",""');
    expect(lines).toContain('"Building B","","移情性 Empathy",3,6,4.67,-1.33');
    expect(lines).toContain('"ALL","",6,-0.64,3.4,5,1,1,0,1,2');
    expect(lines).toHaveLength(1 + 3 * 5 + 1 + 1 + 3);
  });

  it('an empty period answers zeros and nulls, never NaN', async () => {
    const result = await api.gql(
      REPORT,
      { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z', groupBy: 'ZONE_MONTH' },
      await t.token(Role.OWNER),
    );
    expect(result.errors).toBeUndefined();
    const r = result.data?.servqualReport;
    expect(r.groups).toEqual([]);
    expect(r.total.responses).toBe(0);
    expect(r.total.servqualScore).toBeNull();
    expect(r.total.dimensions.every((d: Dim) => d.gap === null && d.responses === 0)).toBe(true);
    expect(r.total.csat).toEqual({ mean: null, responses: 0, distribution: [0, 0, 0, 0, 0] });
    expect(r.csv).not.toContain('NaN');
  });

  it('refuses a reversed or over-long period (BAD_USER_INPUT) and an unknown zone (NOT_FOUND)', async () => {
    const token = await t.token(Role.OWNER);
    const call = (vars: Record<string, unknown>) => api.gql(REPORT, { groupBy: 'TENANT', ...vars }, token);
    expect(errorCode(await call({ from: '2026-10-01T00:00:00Z', to: '2026-09-01T00:00:00Z' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await call({ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      errorCode(
        await call({ from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z', zoneId: 'not-an-id' }),
      ),
    ).toBe('BAD_USER_INPUT');
    const other = await api.tenant();
    const foreignZone = await createZone(api, other, 'Elsewhere');
    expect(
      errorCode(
        await call({ from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z', zoneId: foreignZone }),
      ),
    ).toBe('NOT_FOUND');
  });
});
