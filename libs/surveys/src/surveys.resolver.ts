import { Args, ID, Resolver } from '@nestjs/graphql';
import { SecureMutation, SecureQuery } from '@service-desk/core';
import { CreateSurveyTemplateInput, UpdateSurveyTemplateInput } from './dto/survey-template.input.js';
import { CreateSurveyInvitationInput, SubmitSurveyResponseInput } from './dto/survey-response.input.js';
import { SurveyTemplatesArgs } from './dto/survey.args.js';
import { SURVEY_STAFF, TEMPLATE_EDITORS, TEMPLATE_READERS } from './survey-roles.js';
import { SurveyResponsesService } from './survey-responses.service.js';
import { SurveyTemplatesService } from './survey-templates.service.js';
import {
  SurveyInvitationLinkObject,
  SurveyResponseObject,
  SurveyTemplateConnection,
  SurveyTemplateObject,
} from './survey.object.js';

@Resolver()
export class SurveysResolver {
  constructor(
    private readonly templates: SurveyTemplatesService,
    private readonly responses: SurveyResponsesService,
  ) {}

  @SecureQuery(() => SurveyTemplateConnection, {
    description: 'Survey templates, newest first; the default SERVQUAL template is created on first use.',
    allow: TEMPLATE_READERS,
  })
  surveyTemplates(@Args() args: SurveyTemplatesArgs): Promise<SurveyTemplateConnection> {
    return this.templates.list(args);
  }

  @SecureQuery(() => SurveyTemplateObject, {
    description: 'One survey template with its statements.',
    allow: TEMPLATE_READERS,
  })
  surveyTemplate(
    @Args('id', { type: () => ID, description: 'Template id.' }) id: string,
  ): Promise<SurveyTemplateObject> {
    return this.templates.get(id);
  }

  @SecureMutation(() => SurveyTemplateObject, {
    description:
      'Creates a survey template (a copy of the default SERVQUAL questionnaire when no items are given).',
    allow: TEMPLATE_EDITORS,
  })
  createSurveyTemplate(
    @Args('input', { description: 'The new template.' }) input: CreateSurveyTemplateInput,
  ): Promise<SurveyTemplateObject> {
    return this.templates.create(input);
  }

  @SecureMutation(() => SurveyTemplateObject, {
    description:
      'Edits a template in place while it has no responses; otherwise makes and returns a new version and retires the old one.',
    allow: TEMPLATE_EDITORS,
  })
  updateSurveyTemplate(
    @Args('input', { description: 'The template and the changes.' }) input: UpdateSurveyTemplateInput,
  ): Promise<SurveyTemplateObject> {
    return this.templates.update(input);
  }

  @SecureMutation(() => SurveyInvitationLinkObject, {
    description:
      'Creates a one-time survey link for a customer, zone or revisit; the token is returned this once (only its hash is kept). With sendBy the link is also queued to the customer by e-mail or SMS (consent respected); otherwise nothing is sent.',
    allow: SURVEY_STAFF,
  })
  createSurveyInvitation(
    @Args('input', { description: 'Who and what the survey is about.' }) input: CreateSurveyInvitationInput,
  ): Promise<SurveyInvitationLinkObject> {
    return this.responses.createInvitation(input);
  }

  @SecureMutation(() => SurveyResponseObject, {
    description:
      'Records the survey a customer answered during a revisit (every statement answered, E and P on 1–7).',
    allow: SURVEY_STAFF,
  })
  submitSurveyResponse(
    @Args('input', { description: 'The revisit and the answers.' }) input: SubmitSurveyResponseInput,
  ): Promise<SurveyResponseObject> {
    return this.responses.submitFromRevisit(input);
  }
}
