import { Args, ID, Resolver } from '@nestjs/graphql';
import { Role, SecureQuery } from '@service-desk/core';
import { CirculationReport, ComplaintRecord, PeriodInput } from './report.object.js';
import { ComplaintReports } from './reports.service.js';

@Resolver()
export class ComplaintReportsResolver {
  constructor(private readonly reports: ComplaintReports) {}

  @SecureQuery(() => CirculationReport, {
    description:
      'Complaint circulation report of a period: counts, SLA compliance, repeats, improvements; with CSV.',
    allow: [Role.OWNER, Role.SUPERVISOR],
  })
  circulationReport(
    @Args('period', { description: 'The period.' }) period: PeriodInput,
  ): Promise<CirculationReport> {
    return this.reports.circulation(period.from, period.to);
  }

  @SecureQuery(() => ComplaintRecord, {
    description: "One complaint's full record as CSV and printable HTML (顾客投诉意见处理表).",
    allow: [Role.OWNER, Role.SUPERVISOR, Role.AGENT],
  })
  complaintRecord(
    @Args('id', { type: () => ID, description: 'Complaint id.' }) id: string,
  ): Promise<ComplaintRecord> {
    return this.reports.record(id);
  }
}
