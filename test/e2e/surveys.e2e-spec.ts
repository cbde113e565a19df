import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ALL_ROLES, newId, Role } from '@service-desk/core';
import { asOwner, errorCode, graphql, type GraphqlResult, randomClientAddress } from '@service-desk/testing';
import { createHash } from 'node:crypto';
import { type ApiHarness, startApi } from '../support/api.js';
import {
  answersFor,
  countSurveyRows,
  CREATE_TEMPLATE,
  createCustomer,
  createZone,
  defaultTemplate,
  insertRevisit,
  invite,
  ok,
  PUBLIC_SURVEY,
  publicSurvey,
  SUBMIT_PUBLIC,
  SUBMIT_STAFF,
  submitPublic,
  TEMPLATES,
  type TemplateView,
  UPDATE_TEMPLATE,
} from '../support/surveys.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const reasonOf = (result: GraphqlResult) =>
  (result.errors?.[0]?.extensions as { reason?: string } | undefined)?.reason;

describe('surveys (SERVQUAL)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  describe('templates', () => {
    it('creates the default SERVQUAL template once per tenant, even when first requested concurrently', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const results = await Promise.all([1, 2, 3].map(() => api.gql(TEMPLATES, {}, agent)));
      for (const result of results) expect(result.errors).toBeUndefined();
      const seeded = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          'SELECT count(*)::int AS n FROM survey_templates WHERE tenant_id = $1 AND seeded',
          [t.tenantId],
        );
        return rows[0].n as number;
      });
      expect(seeded).toBe(1);
      const template = await defaultTemplate(api, t);
      expect(template).toMatchObject({ version: 1, active: true, isDefault: true, responseCount: 0 });
      expect(template.items).toHaveLength(22);
      expect(template.items.map((item) => item.position)).toEqual(
        Array.from({ length: 22 }, (_, i) => i + 1),
      );
      const perDimension = template.items.reduce<Record<string, number>>(
        (counts, item) => ({ ...counts, [item.dimension]: (counts[item.dimension] ?? 0) + 1 }),
        {},
      );
      expect(perDimension).toEqual({
        TANGIBLES: 4,
        RELIABILITY: 5,
        RESPONSIVENESS: 4,
        ASSURANCE: 4,
        EMPATHY: 5,
      });
      expect(template.items[0].text).toMatch(/[\u4e00-\u9fff]/);
      expect(template.items[0].textEn).toMatch(/[A-Za-z]/);
      expect(template.csatQuestion).toContain('1');
      expect(template.csatQuestion).toMatch(/satisf/i);
    });

    it('lets the owner edit an unanswered template in place, and versions an answered one', async () => {
      const t = await api.tenant();
      const owner = await t.token(Role.OWNER);
      const created = ok<TemplateView>(
        await api.gql(
          CREATE_TEMPLATE,
          {
            input: {
              name: 'Front desk pulse',
              language: 'en',
              items: [
                { dimension: 'TANGIBLES', text: 'The lobby is clean.' },
                { dimension: 'EMPATHY', text: 'Staff know my needs.' },
              ],
              csatQuestion: 'Overall satisfaction (1-5)?',
            },
          },
          owner,
        ),
        'createSurveyTemplate',
      );
      expect(created).toMatchObject({ version: 1, isDefault: false, active: true });
      // No responses yet: the same template changes.
      const edited = ok<TemplateView>(
        await api.gql(
          UPDATE_TEMPLATE,
          {
            input: {
              templateId: created.id,
              items: [
                { dimension: 'TANGIBLES', text: 'The lobby is clean and bright.' },
                { dimension: 'RELIABILITY', text: 'Repairs are done right the first time.' },
                { dimension: 'EMPATHY', text: 'Staff know my needs.' },
              ],
            },
          },
          owner,
        ),
        'updateSurveyTemplate',
      );
      expect(edited).toMatchObject({ id: created.id, version: 1 });
      expect(edited.items.map((item) => item.dimension)).toEqual(['TANGIBLES', 'RELIABILITY', 'EMPATHY']);

      // Answered once: a change makes version 2 and retires version 1, whose items stay as answered.
      const link = await invite(api, t, { templateId: created.id });
      const answered = await submitPublic(api, {
        token: link.token,
        answers: answersFor(edited.items),
        csat: 4,
      });
      expect(answered.errors).toBeUndefined();
      // The same statements again, on the answered template: no change, no version.
      const unchanged = ok<TemplateView>(
        await api.gql(
          UPDATE_TEMPLATE,
          {
            input: {
              templateId: created.id,
              items: edited.items.map(({ dimension, text, textEn }) => ({ dimension, text, textEn })),
            },
          },
          owner,
        ),
        'updateSurveyTemplate',
      );
      expect(unchanged).toMatchObject({ id: created.id, version: 1, active: true, responseCount: 1 });
      const versioned = ok<TemplateView>(
        await api.gql(
          UPDATE_TEMPLATE,
          { input: { templateId: created.id, name: 'Front desk pulse v2' } },
          owner,
        ),
        'updateSurveyTemplate',
      );
      expect(versioned).toMatchObject({
        version: 2,
        previousVersionId: created.id,
        active: true,
        responseCount: 0,
      });
      expect(versioned.id).not.toBe(created.id);
      expect(versioned.items.map((item) => item.text)).toEqual(edited.items.map((item) => item.text));
      const old = await api.gql(
        `query($id: ID!) { surveyTemplate(id: $id) { id active responseCount items { id text } } }`,
        { id: created.id },
        owner,
      );
      expect(old.data?.surveyTemplate).toEqual({
        id: created.id,
        active: false,
        responseCount: 1,
        items: edited.items.map((item) => ({ id: item.id, text: item.text })),
      });
      // Only the latest version is edited; the retired one cannot receive new links.
      expect(
        errorCode(await api.gql(UPDATE_TEMPLATE, { input: { templateId: created.id, name: 'x' } }, owner)),
      ).toBe('CONFLICT');
      expect(
        errorCode(
          await api.gql(
            'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId } }',
            { input: { templateId: created.id } },
            await t.token(Role.AGENT),
          ),
        ),
      ).toBe('BAD_USER_INPUT');
      // Retiring and reactivating is not a content change: no new version.
      const retired = ok<TemplateView>(
        await api.gql(UPDATE_TEMPLATE, { input: { templateId: versioned.id, active: false } }, owner),
        'updateSurveyTemplate',
      );
      expect(retired).toMatchObject({ id: versioned.id, active: false, version: 2 });
    });

    it('of two concurrent edits of an answered template, one makes version 2 and the other is a CONFLICT', async () => {
      const t = await api.tenant();
      const owner = await t.token(Role.OWNER);
      const template = await defaultTemplate(api, t);
      const link = await invite(api, t);
      expect(
        (await submitPublic(api, { token: link.token, answers: answersFor(template.items) })).errors,
      ).toBeUndefined();
      const results = await Promise.all(
        ['Edit one', 'Edit two'].map((name) =>
          api.gql(UPDATE_TEMPLATE, { input: { templateId: template.id, name } }, owner),
        ),
      );
      expect(
        results.map((result) => errorCode(result) ?? result.data?.updateSurveyTemplate.version).sort(),
      ).toEqual([2, 'CONFLICT']);
      const versions = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          'SELECT version, active FROM survey_templates WHERE tenant_id = $1 ORDER BY version',
          [t.tenantId],
        );
        return rows;
      });
      expect(versions).toEqual([
        { version: 1, active: false },
        { version: 2, active: true },
      ]);
    });

    it('a repeated idempotency key returns the template created the first time', async () => {
      const t = await api.tenant();
      const owner = await t.token(Role.OWNER);
      const input = { name: 'Copy of SERVQUAL', idempotencyKey: `tpl-${newId()}` };
      const first = ok<TemplateView>(
        await api.gql(CREATE_TEMPLATE, { input }, owner),
        'createSurveyTemplate',
      );
      const again = ok<TemplateView>(
        await api.gql(CREATE_TEMPLATE, { input }, owner),
        'createSurveyTemplate',
      );
      expect(again.id).toBe(first.id);
      expect(first.items).toHaveLength(22);
    });
  });

  describe('invitations and the public link', () => {
    it('returns the raw token once, keeps only its hash, and shows the customer the statements only', async () => {
      const t = await api.tenant();
      const zoneId = await createZone(api, t, 'Building A');
      const customerId = await createCustomer(api, t, {
        name: '王秀英',
        phone: '13812345678',
        email: 'wang.xiuying@example.com',
        memberNumber: 'VIP-7788',
        address: 'Harbor Rd 1',
      });
      const link = await invite(api, t, { customerId, zoneId, expiresInDays: 7 });
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(link.path).toBe(`/survey/${link.token}`);
      expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
      expect(link).toMatchObject({ customerId, zoneId, revisitId: null });

      const stored = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          'SELECT to_jsonb(i)::text AS row, token_hash FROM survey_invitations i WHERE tenant_id = $1 AND id = $2',
          [t.tenantId, link.invitationId],
        );
        return rows[0] as { row: string; token_hash: string };
      });
      expect(stored.row).not.toContain(link.token);
      expect(stored.token_hash).toBe(createHash('sha256').update(link.token).digest('hex'));

      const page = await publicSurvey(api, link.token);
      expect(page.errors).toBeUndefined();
      expect(page.data?.publicSurvey).toMatchObject({ storeName: 'Fixture store', language: 'zh-CN' });
      expect(page.data?.publicSurvey.items).toHaveLength(22);
      const staffNames = Object.values(t.users).flatMap((user) => [user.email, user.id, `${user.role} `]);
      const pii = [
        '王秀英',
        '13812345678',
        'wang.xiuying@example.com',
        'VIP-7788',
        'Harbor',
        customerId,
        zoneId,
      ];
      const text = JSON.stringify(page);
      for (const secret of [...pii, ...staffNames])
        expect([secret, text.includes(secret)]).toEqual([secret, false]);
      // The schema itself offers nothing more to ask for.
      const probe = await graphql(
        api.url,
        'query($token: String!) { publicSurvey(token: $token) { customerId } }',
        { token: link.token },
        undefined,
        randomClientAddress(),
      );
      expect(errorCode(probe)).toBe('BAD_USER_INPUT');

      const items = page.data?.publicSurvey.items as Array<{ id: string }>;
      const receipt = await submitPublic(api, {
        token: link.token,
        answers: answersFor(items),
        csat: 5,
        comment: '很好 Very good',
      });
      expect(receipt.errors).toBeUndefined();
      expect(receipt.data?.submitPublicSurveyResponse.answered).toBe(22);
      const receiptText = JSON.stringify(receipt);
      for (const secret of [...pii, ...staffNames]) expect(receiptText.includes(secret)).toBe(false);

      const response = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          `SELECT channel, customer_id, zone_id, csat, comment, (SELECT count(*)::int FROM survey_answers a WHERE a.tenant_id = r.tenant_id AND a.response_id = r.id) AS answers
           FROM survey_responses r WHERE tenant_id = $1 AND invitation_id = $2`,
          [t.tenantId, link.invitationId],
        );
        return rows;
      });
      expect(response).toEqual([
        {
          channel: 'PUBLIC_LINK',
          customer_id: customerId,
          zone_id: zoneId,
          csat: 5,
          comment: '很好 Very good',
          answers: 22,
        },
      ]);
    });

    it('works once: a second submission, and the page after it, answer CONFLICT', async () => {
      const t = await api.tenant();
      const template = await defaultTemplate(api, t);
      const link = await invite(api, t);
      const input = { token: link.token, answers: answersFor(template.items) };
      expect((await submitPublic(api, input)).errors).toBeUndefined();
      const again = await submitPublic(api, input);
      expect(errorCode(again)).toBe('CONFLICT');
      expect(reasonOf(again)).toBe('ALREADY_ANSWERED');
      const page = await publicSurvey(api, link.token);
      expect(errorCode(page)).toBe('CONFLICT');
      expect(page.data?.publicSurvey ?? null).toBeNull();
      expect((await countSurveyRows(t.tenantId)).survey_responses).toBe(1);
    });

    it('of two concurrent submissions of one link, exactly one is recorded', async () => {
      const t = await api.tenant();
      const template = await defaultTemplate(api, t);
      for (let round = 0; round < 3; round++) {
        const link = await invite(api, t);
        const results = await Promise.all(
          [2, 6].map((perception) =>
            submitPublic(api, {
              token: link.token,
              answers: answersFor(template.items, () => [5, perception]),
            }),
          ),
        );
        const succeeded = results.filter((result) => !result.errors);
        expect(succeeded).toHaveLength(1);
        expect(results.map(errorCode).filter(Boolean)).toEqual(['CONFLICT']);
        const stored = await asOwner(t.tenantId, async (client) => {
          const { rows } = await client.query(
            `SELECT count(DISTINCT r.id)::int AS responses, count(a.id)::int AS answers,
                    (SELECT used_at IS NOT NULL FROM survey_invitations WHERE tenant_id = $1 AND id = $2) AS used
             FROM survey_responses r JOIN survey_answers a ON a.tenant_id = r.tenant_id AND a.response_id = r.id
             WHERE r.tenant_id = $1 AND r.invitation_id = $2`,
            [t.tenantId, link.invitationId],
          );
          return rows[0];
        });
        expect(stored).toEqual({ responses: 1, answers: 22, used: true });
      }
    });

    it('an expired link answers a clear CONFLICT and records nothing', async () => {
      const t = await api.tenant();
      const template = await defaultTemplate(api, t);
      const link = await invite(api, t, { expiresInDays: 1 });
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE survey_invitations SET expires_at = now() - interval '1 hour' WHERE tenant_id = $1 AND id = $2`,
          [t.tenantId, link.invitationId],
        ),
      );
      const before = await countSurveyRows(t.tenantId);
      const page = await publicSurvey(api, link.token);
      expect(errorCode(page)).toBe('CONFLICT');
      expect(reasonOf(page)).toBe('EXPIRED');
      expect(page.errors?.[0].message).toMatch(/expired/);
      const submit = await submitPublic(api, { token: link.token, answers: answersFor(template.items) });
      expect(errorCode(submit)).toBe('CONFLICT');
      expect(reasonOf(submit)).toBe('EXPIRED');
      expect(submit.errors?.[0].message).toMatch(/expired.*ask the store for a new one/);
      expect(await countSurveyRows(t.tenantId)).toEqual(before);
    });

    it('refused answers leave the link unused; an unknown token is NOT_FOUND', async () => {
      const t = await api.tenant();
      const template = await defaultTemplate(api, t);
      const link = await invite(api, t);
      const partial = await submitPublic(api, {
        token: link.token,
        answers: answersFor(template.items.slice(0, 21)),
      });
      expect(errorCode(partial)).toBe('BAD_USER_INPUT');
      expect(partial.errors?.[0].message).toMatch(/Every statement .* 1 of 22/);
      expect(
        (await submitPublic(api, { token: link.token, answers: answersFor(template.items) })).errors,
      ).toBeUndefined();
      const unknown = await publicSurvey(api, 'A'.repeat(43));
      expect(errorCode(unknown)).toBe('NOT_FOUND');
    });

    it('another tenant\u2019s statements cannot be answered through a link (NOT_FOUND, nothing written)', async () => {
      const a = await api.tenant();
      const b = await api.tenant();
      const aItems = (await defaultTemplate(api, a)).items;
      const bItems = (await defaultTemplate(api, b)).items;
      const link = await invite(api, b);
      const mixed = answersFor(bItems).map((answer, index) =>
        index === 0 ? { ...answer, itemId: aItems[0].id } : answer,
      );
      const before = await countSurveyRows(b.tenantId);
      const result = await submitPublic(api, { token: link.token, answers: mixed });
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(result.errors?.[0].message).toBe('Survey item not found');
      expect(await countSurveyRows(b.tenantId)).toEqual(before);
    });

    it('rate-limits the public operations per address', async () => {
      const address = randomClientAddress();
      const codes: Array<string | undefined> = [];
      for (let i = 0; i < 31; i++) {
        codes.push(
          errorCode(await graphql(api.url, PUBLIC_SURVEY, { token: 'B'.repeat(43) }, undefined, address)),
        );
      }
      expect(codes.slice(0, 30).every((code) => code === 'NOT_FOUND')).toBe(true);
      expect(codes[30]).toBe('RATE_LIMITED');
      const submit = await graphql(
        api.url,
        SUBMIT_PUBLIC,
        { input: { token: 'B'.repeat(43), answers: [{ itemId: newId(), expectation: 4, perception: 4 }] } },
        undefined,
        address,
      );
      expect(errorCode(submit)).toBe('RATE_LIMITED');
      // Another address is not affected.
      expect(errorCode(await publicSurvey(api, 'B'.repeat(43)))).toBe('NOT_FOUND');
    });

    it('an invitation for a revisit takes the revisit\u2019s customer and links the response to it', async () => {
      const t = await api.tenant();
      const customerId = await createCustomer(api, t, { name: 'Ben Wong' });
      const revisitId = await insertRevisit(t, customerId);
      const link = await invite(api, t, { revisitId }, Role.SUPERVISOR);
      expect(link).toMatchObject({ revisitId, customerId });
      const otherCustomer = await createCustomer(api, t, { name: 'Carol Lee' });
      const mismatch = await api.gql(
        'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId } }',
        { input: { revisitId, customerId: otherCustomer } },
        await t.token(Role.AGENT),
      );
      expect(errorCode(mismatch)).toBe('BAD_USER_INPUT');
      const template = await defaultTemplate(api, t);
      expect(
        (await submitPublic(api, { token: link.token, answers: answersFor(template.items) })).errors,
      ).toBeUndefined();
      // The revisit has its survey now: staff cannot enter a second one.
      const staff = await api.gql(
        SUBMIT_STAFF,
        { input: { revisitId, answers: answersFor(template.items) } },
        await t.token(Role.AGENT),
      );
      expect(errorCode(staff)).toBe('CONFLICT');
      // Nor can a new link be made for it.
      const another = await api.gql(
        'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId } }',
        { input: { revisitId } },
        await t.token(Role.AGENT),
      );
      expect(errorCode(another)).toBe('CONFLICT');
    });

    it('a retry with the same idempotency key returns the same invitation, without showing the token again', async () => {
      const t = await api.tenant();
      const input = { idempotencyKey: `inv-${newId()}`, expiresInDays: 3 };
      const first = await invite(api, t, input);
      const again = await invite(api, t, input);
      expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(again).toEqual({ ...first, token: null, path: null });
      expect((await countSurveyRows(t.tenantId)).survey_invitations).toBe(1);
    });
  });

  describe('responses from revisits', () => {
    it('records the answers staff enter for a revisit, once', async () => {
      const t = await api.tenant();
      const customerId = await createCustomer(api, t, { name: '李娜' });
      const zoneId = await createZone(api, t, 'Garden');
      const revisitId = await insertRevisit(t, customerId);
      const template = await defaultTemplate(api, t);
      const agent = await t.token(Role.AGENT);
      const input = {
        revisitId,
        zoneId,
        answers: answersFor(template.items, (i) => [7, (i % 7) + 1]),
        csat: 3,
        comment: '  电梯维修太慢  ',
        idempotencyKey: `rv-${revisitId}`,
      };
      const result = await api.gql(SUBMIT_STAFF, { input }, agent);
      const response = ok<{
        id: string;
        channel: string;
        customerId: string;
        revisitId: string;
        zoneId: string;
        csat: number;
        comment: string;
        answers: Array<{ itemId: string; dimension: string; expectation: number; perception: number }>;
      }>(result, 'submitSurveyResponse');
      expect(response).toMatchObject({
        channel: 'REVISIT',
        customerId,
        revisitId,
        zoneId,
        csat: 3,
        comment: '电梯维修太慢',
      });
      expect(response.answers).toHaveLength(22);
      expect(response.answers[3]).toEqual({
        itemId: template.items[3].id,
        dimension: 'TANGIBLES',
        expectation: 7,
        perception: 4,
      });
      // The same key returns the same response; without it, a second survey for the revisit is a CONFLICT.
      const replay = await api.gql(SUBMIT_STAFF, { input }, agent);
      expect(replay.data?.submitSurveyResponse.id).toBe(response.id);
      const second = await api.gql(SUBMIT_STAFF, { input: { ...input, idempotencyKey: undefined } }, agent);
      expect(errorCode(second)).toBe('CONFLICT');
      const events = await asOwner(t.tenantId, async (client) => {
        const { rows } = await client.query(
          `SELECT type, data FROM tenant_events WHERE tenant_id = $1 AND entity_kind = 'survey_response'`,
          [t.tenantId],
        );
        return rows;
      });
      expect(events).toEqual([
        {
          type: 'survey.response_submitted',
          data: { templateId: template.id, channel: 'REVISIT', revisitId, csat: 3 },
        },
      ]);
    });

    it('a revisit, customer or zone of another tenant answers NOT_FOUND', async () => {
      const a = await api.tenant();
      const b = await api.tenant();
      const aRevisit = await insertRevisit(a, null);
      const aZone = await createZone(api, a, 'Building E');
      const aCustomer = await createCustomer(api, a, { name: 'Victim' });
      const bRevisit = await insertRevisit(b, null);
      const template = await defaultTemplate(api, b);
      const agent = await b.token(Role.AGENT);
      const before = await countSurveyRows(b.tenantId);
      const attempts = [
        api.gql(SUBMIT_STAFF, { input: { revisitId: aRevisit, answers: answersFor(template.items) } }, agent),
        api.gql(
          SUBMIT_STAFF,
          { input: { revisitId: bRevisit, zoneId: aZone, answers: answersFor(template.items) } },
          agent,
        ),
        api.gql(
          'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId } }',
          { input: { customerId: aCustomer } },
          agent,
        ),
        api.gql(
          'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId } }',
          { input: { zoneId: aZone } },
          agent,
        ),
        api.gql(
          'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId } }',
          { input: { revisitId: aRevisit } },
          agent,
        ),
      ];
      for (const result of await Promise.all(attempts)) expect(errorCode(result)).toBe('NOT_FOUND');
      expect(await countSurveyRows(b.tenantId)).toEqual(before);
    });
  });

  describe('roles', () => {
    const probes: Array<{
      name: string;
      allowed: Role[];
      call: (t: Tenant, token: string) => Promise<GraphqlResult>;
    }> = [
      {
        name: 'surveyTemplates',
        allowed: [Role.OWNER, Role.SUPERVISOR, Role.AGENT, Role.HR],
        call: (_t, token) => api.gql(TEMPLATES, {}, token),
      },
      {
        name: 'createSurveyTemplate',
        allowed: [Role.OWNER],
        call: (_t, token) => api.gql(CREATE_TEMPLATE, { input: { name: 'Probe' } }, token),
      },
      {
        name: 'updateSurveyTemplate',
        allowed: [Role.OWNER],
        call: (_t, token) =>
          api.gql(UPDATE_TEMPLATE, { input: { templateId: newId(), name: 'Probe' } }, token),
      },
      {
        name: 'createSurveyInvitation',
        allowed: [Role.OWNER, Role.SUPERVISOR, Role.AGENT],
        call: (_t, token) =>
          api.gql(
            'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { invitationId } }',
            { input: {} },
            token,
          ),
      },
      {
        name: 'submitSurveyResponse',
        allowed: [Role.OWNER, Role.SUPERVISOR, Role.AGENT],
        call: (_t, token) =>
          api.gql(
            SUBMIT_STAFF,
            { input: { revisitId: newId(), answers: [{ itemId: newId(), expectation: 4, perception: 4 }] } },
            token,
          ),
      },
      {
        name: 'servqualReport',
        allowed: [Role.OWNER, Role.SUPERVISOR, Role.HR],
        call: (_t, token) =>
          api.gql(
            'query { servqualReport(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { total { responses } } }',
            {},
            token,
          ),
      },
    ];

    it('each operation is open to its roles only (FORBIDDEN for the others, HQ included)', async () => {
      const t = await api.tenant();
      const outcomes: Array<[string, string, string]> = [];
      for (const probe of probes) {
        for (const role of ALL_ROLES) {
          const result = await probe.call(t, await t.token(role));
          const forbidden = errorCode(result) === 'FORBIDDEN';
          const expected = probe.allowed.includes(role) ? 'allowed' : 'forbidden';
          outcomes.push([probe.name, role, forbidden ? 'forbidden' : 'allowed']);
          expect([probe.name, role, forbidden ? 'forbidden' : 'allowed']).toEqual([
            probe.name,
            role,
            expected,
          ]);
        }
      }
      // Allowed calls really ran: the invitation was created, the report answered.
      expect(outcomes.filter(([, , outcome]) => outcome === 'allowed').length).toBe(
        probes.reduce((sum, probe) => sum + probe.allowed.length, 0),
      );
      expect((await countSurveyRows(t.tenantId)).survey_invitations).toBe(3);
    });
  });
});
