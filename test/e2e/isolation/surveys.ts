import { newId, Role } from '@service-desk/core';
import {
  answersFor,
  CREATE_TEMPLATE,
  insertRevisit,
  invite,
  ok,
  submitPublic,
  type TemplateView,
} from '../../support/surveys.js';
import type { FeatureIsolation } from './types.js';

const ANSWER = { itemId: newId(), expectation: 4, perception: 4 };
/** A well-formed token that names no invitation anywhere. */
const unknownToken = () => newId().replace(/-/g, '').padEnd(43, 'x');

/** Surveys (DESIGN section 6.5): templates, items, invitations, responses and answers. */
export const SURVEYS_ISOLATION: FeatureIsolation = {
  feature: 'surveys',
  tenantTables: [
    'survey_templates',
    'survey_items',
    'survey_invitations',
    'survey_responses',
    'survey_answers',
  ],
  async prepare(api, victim) {
    const owner = await victim.tenant.token(Role.OWNER);
    const template = ok<TemplateView>(
      await api.gql(CREATE_TEMPLATE, { input: { name: 'Victim survey' } }, owner),
      'createSurveyTemplate',
    );
    const link = await invite(api, victim.tenant, {
      templateId: template.id,
      customerId: victim.customerId,
      zoneId: victim.zoneId,
    });
    const answered = await submitPublic(api, {
      token: link.token,
      answers: answersFor(template.items),
      csat: 4,
    });
    if (answered.errors)
      throw new Error(`submitPublicSurveyResponse failed: ${JSON.stringify(answered.errors)}`);
    return {
      surveyTemplateId: template.id,
      surveyItemId: template.items[0].id,
      surveyRevisitId: await insertRevisit(victim.tenant, victim.customerId),
    };
  },
  operations: [
    {
      name: 'surveyTemplate',
      role: Role.AGENT,
      table: 'survey_templates',
      target: (victim) => victim.more.surveyTemplateId,
      query: 'query($id: ID!) { surveyTemplate(id: $id) { id name items { id text } } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'updateSurveyTemplate',
      role: Role.OWNER,
      table: 'survey_templates',
      target: (victim) => victim.more.surveyTemplateId,
      query:
        'mutation($input: UpdateSurveyTemplateInput!) { updateSurveyTemplate(input: $input) { id name } }',
      variables: (id) => ({ input: { templateId: id, name: 'Hijacked', active: false } }),
    },
    {
      name: 'createSurveyInvitation',
      role: Role.AGENT,
      table: 'survey_templates',
      target: (victim) => victim.more.surveyTemplateId,
      query:
        'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { token } }',
      variables: (id) => ({ input: { templateId: id } }),
    },
    {
      name: 'createSurveyInvitation',
      role: Role.AGENT,
      table: 'revisit_tasks',
      target: (victim) => victim.more.surveyRevisitId,
      query:
        'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { token } }',
      variables: (id) => ({ input: { revisitId: id } }),
    },
    {
      name: 'submitSurveyResponse',
      role: Role.AGENT,
      table: 'revisit_tasks',
      target: (victim) => victim.more.surveyRevisitId,
      query: 'mutation($input: SubmitSurveyResponseInput!) { submitSurveyResponse(input: $input) { id } }',
      variables: (id) => ({ input: { revisitId: id, answers: [ANSWER] } }),
    },
    {
      name: 'submitPublicSurveyResponse',
      role: Role.AGENT,
      table: 'survey_items',
      target: (victim) => victim.more.surveyItemId,
      query:
        'mutation($input: SubmitPublicSurveyResponseInput!) { submitPublicSurveyResponse(input: $input) { submittedAt } }',
      variables: (id) => ({ input: { token: unknownToken(), answers: [{ ...ANSWER, itemId: id }] } }),
    },
    {
      name: 'servqualReport',
      role: Role.OWNER,
      table: 'zones',
      target: (victim) => victim.zoneId,
      query:
        'query($id: ID) { servqualReport(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z", zoneId: $id, groupBy: ZONE) { total { responses } } }',
      variables: (id) => ({ id }),
    },
  ],
};
