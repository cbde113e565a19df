import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { errorCode, graphql, type GraphqlResult, randomClientAddress } from '@service-desk/testing';
import fc from 'fast-check';
import { type ApiHarness, startApi } from '../support/api.js';
import {
  type Answer,
  answersFor,
  countSurveyRows,
  CREATE_TEMPLATE,
  createZone,
  defaultTemplate,
  INVITE,
  insertRevisit,
  invite,
  SUBMIT_PUBLIC,
  SUBMIT_STAFF,
  type TemplateView,
  UPDATE_TEMPLATE,
} from '../support/surveys.js';

/**
 * Bad input on every survey mutation: the answer is BAD_USER_INPUT with a message naming the problem
 * (values off the 1–7 scale, missing or repeated statements, blank text…), and nothing is written.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const codesOf = (result: GraphqlResult) => (result.errors ?? []).map((error) => error.extensions?.code);

describe('survey mutations refuse bad input and write nothing', () => {
  let api: ApiHarness;
  let t: Tenant;
  let template: TemplateView;
  let revisitId: string;
  let zoneId: string;
  beforeAll(async () => {
    api = await startApi();
    t = await api.tenant();
    template = await defaultTemplate(api, t);
    revisitId = await insertRevisit(t, null);
    zoneId = await createZone(api, t, 'Building A');
  });
  afterAll(() => api.close());

  const good = () => answersFor(template.items);
  const replaceAt = (index: number, patch: Partial<Answer>) =>
    good().map((answer, i) => (i === index ? { ...answer, ...patch } : answer));

  /** [case, query, input (built once the tenant exists), role, expected message fragment] */
  const cases: Array<[string, string, () => Record<string, unknown>, Role, RegExp]> = [
    ['template: blank name', CREATE_TEMPLATE, () => ({ name: '   ' }), Role.OWNER, /name must not be blank/],
    ['template: long name', CREATE_TEMPLATE, () => ({ name: 'x'.repeat(121) }), Role.OWNER, /name/],
    [
      'template: bad language',
      CREATE_TEMPLATE,
      () => ({ language: 'chinese!' }),
      Role.OWNER,
      /language must be a language tag/,
    ],
    ['template: no items', CREATE_TEMPLATE, () => ({ items: [] }), Role.OWNER, /items/],
    [
      'template: blank statement',
      CREATE_TEMPLATE,
      () => ({ items: [{ dimension: 'TANGIBLES', text: ' \t ' }] }),
      Role.OWNER,
      /text must not be blank/,
    ],
    [
      'template: unknown dimension',
      CREATE_TEMPLATE,
      () => ({ items: [{ dimension: 'HAPPINESS', text: 'x' }] }),
      Role.OWNER,
      /./,
    ],
    [
      'template: 61 statements',
      CREATE_TEMPLATE,
      () => ({ items: Array.from({ length: 61 }, () => ({ dimension: 'EMPATHY', text: 'x' })) }),
      Role.OWNER,
      /items/,
    ],
    [
      'template: NUL in a statement',
      CREATE_TEMPLATE,
      () => ({ items: [{ dimension: 'EMPATHY', text: 'a\u0000b' }] }),
      Role.OWNER,
      /NUL/,
    ],
    [
      'update: not an id',
      UPDATE_TEMPLATE,
      () => ({ templateId: 'tpl-1', name: 'x' }),
      Role.OWNER,
      /templateId/,
    ],
    [
      'update: blank name',
      UPDATE_TEMPLATE,
      () => ({ templateId: newId(), name: ' ' }),
      Role.OWNER,
      /name must not be blank/,
    ],
    ['update: empty items', UPDATE_TEMPLATE, () => ({ templateId: newId(), items: [] }), Role.OWNER, /items/],
    ['invite: zero days', INVITE, () => ({ expiresInDays: 0 }), Role.AGENT, /expiresInDays/],
    ['invite: 91 days', INVITE, () => ({ expiresInDays: 91 }), Role.AGENT, /expiresInDays/],
    ['invite: not an id', INVITE, () => ({ customerId: '42' }), Role.AGENT, /customerId/],
    [
      'invite: sent to nobody',
      INVITE,
      () => ({ sendBy: 'EMAIL' }),
      Role.AGENT,
      /can only be sent to a customer/,
    ],
    ['invite: sent by fax', INVITE, () => ({ sendBy: 'FAX', customerId: newId() }), Role.AGENT, /sendBy|FAX/],
    [
      'staff: expectation 0',
      SUBMIT_STAFF,
      () => ({ revisitId, answers: replaceAt(0, { expectation: 0 }) }),
      Role.AGENT,
      /expectation/,
    ],
    [
      'staff: perception 8',
      SUBMIT_STAFF,
      () => ({ revisitId, answers: replaceAt(5, { perception: 8 }) }),
      Role.AGENT,
      /perception/,
    ],
    [
      'staff: fractional',
      SUBMIT_STAFF,
      () => ({ revisitId, answers: replaceAt(1, { perception: 4.5 }) }),
      Role.AGENT,
      /./,
    ],
    [
      'staff: a statement missing',
      SUBMIT_STAFF,
      () => ({ revisitId, answers: good().slice(1) }),
      Role.AGENT,
      /Every statement of the survey must be answered: 1 of 22/,
    ],
    [
      'staff: a statement twice',
      SUBMIT_STAFF,
      () => ({ revisitId, answers: [...good(), good()[0]] }),
      Role.AGENT,
      /answered more than once/,
    ],
    ['staff: CSAT 6', SUBMIT_STAFF, () => ({ revisitId, answers: good(), csat: 6 }), Role.AGENT, /csat/],
    ['staff: CSAT 0', SUBMIT_STAFF, () => ({ revisitId, answers: good(), csat: 0 }), Role.AGENT, /csat/],
    [
      'staff: long comment',
      SUBMIT_STAFF,
      () => ({ revisitId, answers: good(), comment: '评'.repeat(2001) }),
      Role.AGENT,
      /comment/,
    ],
    ['staff: no answers', SUBMIT_STAFF, () => ({ revisitId, answers: [] }), Role.AGENT, /answers/],
    [
      'staff: revisit not an id',
      SUBMIT_STAFF,
      () => ({ revisitId: 'r-1', answers: good() }),
      Role.AGENT,
      /revisitId/,
    ],
    [
      'staff: zone not an id',
      SUBMIT_STAFF,
      () => ({ revisitId, zoneId: 'z', answers: good() }),
      Role.AGENT,
      /zoneId/,
    ],
  ];

  it.each(cases)('%s → BAD_USER_INPUT', async (_name, query, input, role, message) => {
    const before = await countSurveyRows(t.tenantId);
    const result = await api.gql(query, { input: input() }, await t.token(role));
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0].message).toMatch(message);
    expect(await countSurveyRows(t.tenantId)).toEqual(before);
  });

  it('public submissions: off-scale, missing, repeated or malformed answers are refused and the link stays usable', async () => {
    const link = await invite(api, t, { zoneId });
    const before = await countSurveyRows(t.tenantId);
    const attempts: Array<[Record<string, unknown>, RegExp]> = [
      [{ token: link.token, answers: replaceAt(2, { expectation: 8 }) }, /expectation/],
      [{ token: link.token, answers: replaceAt(2, { perception: -1 }) }, /perception/],
      [{ token: link.token, answers: good().slice(0, 10) }, /12 of 22 have no answer/],
      [{ token: link.token, answers: [...good(), good()[3]] }, /more than once/],
      [{ token: link.token, answers: good(), csat: 9 }, /csat/],
      [{ token: `${link.token}!`, answers: good() }, /token is not a survey link token/],
      [{ token: link.token.slice(1), answers: good() }, /token is not a survey link token/],
    ];
    for (const [input, message] of attempts) {
      const result = await graphql(api.url, SUBMIT_PUBLIC, { input }, undefined, randomClientAddress());
      expect([JSON.stringify(input).slice(0, 80), codesOf(result)]).toEqual([
        JSON.stringify(input).slice(0, 80),
        ['BAD_USER_INPUT'],
      ]);
      expect(result.errors?.[0].message).toMatch(message);
    }
    expect(await countSurveyRows(t.tenantId)).toEqual(before);
    const accepted = await graphql(
      api.url,
      SUBMIT_PUBLIC,
      { input: { token: link.token, answers: good() } },
      undefined,
      randomClientAddress(),
    );
    expect(accepted.errors).toBeUndefined();
  });

  it('a CSAT answer to a survey that does not ask it is refused', async () => {
    const owner = await t.token(Role.OWNER);
    const plain = await api.gql(
      CREATE_TEMPLATE,
      {
        input: {
          name: 'No CSAT',
          csatQuestion: '',
          items: [{ dimension: 'ASSURANCE', text: 'Staff are courteous.' }],
        },
      },
      owner,
    );
    const created = plain.data?.createSurveyTemplate as TemplateView;
    expect(created.csatQuestion).toBeNull();
    const link = await invite(api, t, { templateId: created.id });
    const before = await countSurveyRows(t.tenantId);
    const result = await graphql(
      api.url,
      SUBMIT_PUBLIC,
      { input: { token: link.token, answers: answersFor(created.items), csat: 4 } },
      undefined,
      randomClientAddress(),
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/does not ask the overall satisfaction question/);
    expect(await countSurveyRows(t.tenantId)).toEqual(before);
  });

  it('random answers from revisit staff: data or a client error, never INTERNAL, nothing written when refused', async () => {
    const agent = await t.token(Role.AGENT);
    const scale = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 7 }) },
      fc.integer({ min: -3, max: 12 }),
      fc.constantFrom(1.5, 2 ** 31, -0, '4', null, true, [], {}),
    );
    const answer = fc.record({
      itemId: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...template.items.map((i) => i.id)) },
        fc.constantFrom(newId(), 'x', '', null),
      ),
      expectation: scale,
      perception: scale,
    });
    const answers = fc.oneof(
      { weight: 3, arbitrary: fc.constant(null).map(() => good()) },
      fc.array(answer, { maxLength: 25 }),
      fc.tuple(fc.integer({ min: 0, max: 21 }), answer).map(([index, bad]) => {
        const list: unknown[] = good();
        list[index] = bad;
        return list;
      }),
    );
    await fc.assert(
      fc.asyncProperty(answers, fc.option(fc.integer({ min: -1, max: 7 })), async (list, csat) => {
        const revisit = await insertRevisit(t, null);
        const before = await countSurveyRows(t.tenantId);
        const result = await api.gql(
          SUBMIT_STAFF,
          { input: { revisitId: revisit, answers: list, csat } },
          agent,
        );
        expect(result.status).toBeLessThan(500);
        const codes = codesOf(result);
        expect(codes.filter((code) => !['BAD_USER_INPUT', 'NOT_FOUND'].includes(code ?? ''))).toEqual([]);
        const after = await countSurveyRows(t.tenantId);
        if (codes.length > 0) expect(after).toEqual(before);
        else expect(after.survey_answers - before.survey_answers).toBe(22);
      }),
      { numRuns: 25 },
    );
  });
});
