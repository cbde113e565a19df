import { Args, Context, Resolver } from '@nestjs/graphql';
import type { ApiRequest } from '@service-desk/auth';
import { SecureMutation, SecureQuery } from '@service-desk/core';
import { SubmitPublicSurveyResponseInput } from './dto/survey-response.input.js';
import { PublicSurveyArgs } from './dto/survey.args.js';
import { SurveyResponsesService } from './survey-responses.service.js';
import { PublicSurveyObject, PublicSurveyReceiptObject } from './survey.object.js';

/** The customer's side of a survey link: no login, rate-limited per address. */
@Resolver()
export class PublicSurveyResolver {
  constructor(private readonly responses: SurveyResponsesService) {}

  @SecureQuery(() => PublicSurveyObject, {
    description:
      'The statements of a survey link (no login): no personal data, no staff names. A used or expired link answers CONFLICT.',
    allow: 'public',
  })
  publicSurvey(@Args() args: PublicSurveyArgs, @Context('req') req: ApiRequest): Promise<PublicSurveyObject> {
    return this.responses.publicSurvey(args.token, req.ip ?? 'unknown');
  }

  @SecureMutation(() => PublicSurveyReceiptObject, {
    description:
      'Answers a survey through its link (no login). The link works once: a second submission answers CONFLICT.',
    allow: 'public',
  })
  submitPublicSurveyResponse(
    @Args('input', { description: 'The token and the answers.' }) input: SubmitPublicSurveyResponseInput,
    @Context('req') req: ApiRequest,
  ): Promise<PublicSurveyReceiptObject> {
    return this.responses.submitPublic(input, req.ip ?? 'unknown');
  }
}
