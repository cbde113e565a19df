import { Args, Resolver } from '@nestjs/graphql';
import { SecureQuery } from '@service-desk/core';
import { ServqualReportArgs } from './dto/survey.args.js';
import { ServqualReportObject } from './servqual-report.object.js';
import { ServqualReportService } from './servqual-report.service.js';
import { REPORT_READERS } from './survey-roles.js';

@Resolver()
export class ServqualReportResolver {
  constructor(private readonly reports: ServqualReportService) {}

  @SecureQuery(() => ServqualReportObject, {
    description:
      'SERVQUAL gaps (mean P − mean E per dimension) and CSAT of a period, for the tenant and per zone and/or month; with CSV.',
    allow: REPORT_READERS,
  })
  servqualReport(@Args() args: ServqualReportArgs): Promise<ServqualReportObject> {
    return this.reports.report(args);
  }
}
