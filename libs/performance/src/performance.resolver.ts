import { Args, Resolver } from '@nestjs/graphql';
import { Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { ChainBenchmarkService } from './chain-benchmark.service.js';
import {
  AcknowledgeScorecardInput,
  CalibrateScorecardInput,
  ChainBenchmarkArgs,
  CreatePerformancePeriodInput,
  PerformancePeriodsArgs,
  PeriodArgs,
  PeriodIdInput,
  PublishBarsTemplateInput,
  PublishKpiTemplateInput,
  ScorecardArgs,
  ScorecardsArgs,
  SubmitReviewInput,
  UpdateKpiDefinitionInput,
  UpdatePerformanceSettingsInput,
} from './dto/performance.input.js';
import { PerformanceSetupService } from './performance-setup.service.js';
import {
  AdoptionResultObject,
  ChainBenchmarkObject,
  CsvExportObject,
  GradeDistributionObject,
  KpiDefinitionObject,
  PerformancePeriodConnection,
  PerformancePeriodObject,
  PerformanceSettingsObject,
  PerformanceStandardsObject,
  PublishScorecardsResultObject,
  ScorecardComputationObject,
  ScorecardConnection,
  ScorecardObject,
  ServiceTypeMatrixObject,
} from './performance.object.js';
import { PeriodsService } from './periods.service.js';
import { ScorecardsService } from './scorecards.service.js';

/** KPI/BARS setup of a tenant (DESIGN section 4): the owner and HR. */
const SETUP: readonly Role[] = [Role.OWNER, Role.HR];
const STAFF: readonly Role[] = [Role.SUPERVISOR, Role.AGENT, Role.FIELD_STAFF];
const EVERYONE: readonly Role[] = [...SETUP, ...STAFF];

@Resolver()
export class PerformanceResolver {
  constructor(
    private readonly setup: PerformanceSetupService,
    private readonly periods: PeriodsService,
    private readonly cards: ScorecardsService,
    private readonly benchmarks: ChainBenchmarkService,
  ) {}

  @SecureQuery(() => [KpiDefinitionObject], {
    description:
      "The tenant's KPIs with target, weight, direction and minimum sample (catalogue defaults until tuned).",
    allow: SETUP,
  })
  kpiDefinitions(): Promise<KpiDefinitionObject[]> {
    return this.setup.kpiDefinitions();
  }

  @SecureMutation(() => KpiDefinitionObject, {
    description:
      "Tunes one of the tenant's KPIs (target, weight, minimum sample, active). Drafts change on the next computation.",
    allow: SETUP,
  })
  updateKpiDefinition(
    @Args('input', { description: 'The KPI and the changes.' }) input: UpdateKpiDefinitionInput,
  ): Promise<KpiDefinitionObject> {
    return this.setup.updateKpiDefinition(input);
  }

  @SecureQuery(() => PerformanceSettingsObject, {
    description:
      'Composite weights (default 50/50), grade shares (default A 20 %, B 70 %, C 10 %) and matrix threshold (default 70).',
    allow: SETUP,
  })
  performanceSettings(): Promise<PerformanceSettingsObject> {
    return this.setup.settings();
  }

  @SecureMutation(() => PerformanceSettingsObject, {
    description: 'Changes the scorecard settings.',
    allow: SETUP,
  })
  updatePerformanceSettings(
    @Args('input', { description: 'The changes.' }) input: UpdatePerformanceSettingsInput,
  ): Promise<PerformanceSettingsObject> {
    return this.setup.updateSettings(input);
  }

  @SecureQuery(() => PerformanceStandardsObject, {
    description: "The chain's published KPI template and default BARS scales.",
    allow: [Role.HQ_ADMIN, ...SETUP],
  })
  performanceStandards(): Promise<PerformanceStandardsObject> {
    return this.setup.standards();
  }

  @SecureMutation(() => PerformanceStandardsObject, {
    description: 'HQ publishes the KPI template that the stores of the chain adopt.',
    allow: [Role.HQ_ADMIN],
  })
  publishKpiTemplate(
    @Args('input', { description: 'The template.' }) input: PublishKpiTemplateInput,
  ): Promise<PerformanceStandardsObject> {
    return this.setup.publishKpiTemplate(input);
  }

  @SecureMutation(() => PerformanceStandardsObject, {
    description: 'HQ publishes the default BARS scales that the stores of the chain adopt.',
    allow: [Role.HQ_ADMIN],
  })
  publishBarsTemplate(
    @Args('input', { description: 'The scales.' }) input: PublishBarsTemplateInput,
  ): Promise<PerformanceStandardsObject> {
    return this.setup.publishBarsTemplate(input);
  }

  @SecureMutation(() => AdoptionResultObject, {
    description: "Adopts the chain's KPI template (NOT_FOUND until HQ publishes one).",
    allow: SETUP,
  })
  async adoptKpiTemplate(): Promise<AdoptionResultObject> {
    return { adopted: await this.setup.adoptKpiTemplate() };
  }

  @SecureMutation(() => AdoptionResultObject, {
    description: "Adopts the chain's default BARS scales by dimension (NOT_FOUND until HQ publishes them).",
    allow: SETUP,
  })
  async adoptBarsTemplate(): Promise<AdoptionResultObject> {
    return { adopted: await this.setup.adoptBarsTemplate() };
  }

  @SecureMutation(() => PerformancePeriodObject, {
    description: 'Creates a review period; the label is unique in the tenant (CONFLICT otherwise).',
    allow: SETUP,
  })
  createPerformancePeriod(
    @Args('input', { description: 'The new period.' }) input: CreatePerformancePeriodInput,
  ): Promise<PerformancePeriodObject> {
    return this.periods.create(input);
  }

  @SecureQuery(() => PerformancePeriodConnection, {
    description: 'Review periods of the tenant, latest first.',
    allow: EVERYONE,
  })
  performancePeriods(@Args() args: PerformancePeriodsArgs): Promise<PerformancePeriodConnection> {
    return this.periods.list(args);
  }

  @SecureMutation(() => ScorecardComputationObject, {
    description:
      "Queues the period's scorecard computation for the worker: drafts are replaced; submitted and later cards never change.",
    allow: SETUP,
  })
  computeScorecards(
    @Args('input', { description: 'The period.' }) input: PeriodIdInput,
  ): Promise<ScorecardComputationObject> {
    return this.periods.requestComputation(input.periodId);
  }

  @SecureQuery(() => ScorecardConnection, {
    description:
      'Scorecards of a period. HR and the owner see all; other staff only their own once published.',
    allow: EVERYONE,
  })
  scorecards(@Args() args: ScorecardsArgs): Promise<ScorecardConnection> {
    return this.cards.list(args);
  }

  @SecureQuery(() => ScorecardObject, {
    description: 'One scorecard (staff: only their own, once published).',
    allow: EVERYONE,
  })
  scorecard(@Args() args: ScorecardArgs): Promise<ScorecardObject> {
    return this.cards.get(args.id);
  }

  @SecureMutation(() => ScorecardObject, {
    description: "Submits a staff member's draft scorecard (supervisors: their team; never one's own).",
    allow: [Role.SUPERVISOR, Role.OWNER],
  })
  submitReview(
    @Args('input', { description: 'The card to submit.' }) input: SubmitReviewInput,
  ): Promise<ScorecardObject> {
    return this.cards.submit(input);
  }

  @SecureMutation(() => ScorecardObject, {
    description: 'HR overrides the grade and/or score of a submitted card with a reason (audited).',
    allow: [Role.HR],
  })
  calibrateScorecard(
    @Args('input', { description: 'The override.' }) input: CalibrateScorecardInput,
  ): Promise<ScorecardObject> {
    return this.cards.calibrate(input);
  }

  @SecureMutation(() => PublishScorecardsResultObject, {
    description: "HR publishes the period's submitted and calibrated cards, with the distribution check.",
    allow: [Role.HR],
  })
  publishScorecards(
    @Args('input', { description: 'The period.' }) input: PeriodIdInput,
  ): Promise<PublishScorecardsResultObject> {
    return this.cards.publish(input.periodId);
  }

  @SecureMutation(() => ScorecardObject, {
    description: 'The employee acknowledges their published scorecard with a comment.',
    allow: STAFF,
  })
  acknowledgeScorecard(
    @Args('input', { description: 'The card and the comment.' }) input: AcknowledgeScorecardInput,
  ): Promise<ScorecardObject> {
    return this.cards.acknowledge(input);
  }

  @SecureQuery(() => [GradeDistributionObject], {
    description: "Per role, the period's final grades against the forced distribution, with violations.",
    allow: SETUP,
  })
  gradeDistribution(@Args() args: PeriodArgs): Promise<GradeDistributionObject[]> {
    return this.cards.distribution(args.periodId);
  }

  @SecureQuery(() => CsvExportObject, { description: "The period's scorecards as CSV.", allow: SETUP })
  async scorecardExport(@Args() args: PeriodArgs): Promise<CsvExportObject> {
    return { csv: await this.cards.exportCsv(args.periodId) };
  }

  @SecureQuery(() => ServiceTypeMatrixObject, {
    description: 'Service-type matrix of a period: procedural × personal per staff member and for the store.',
    allow: SETUP,
  })
  serviceTypeMatrix(@Args() args: PeriodArgs): Promise<ServiceTypeMatrixObject> {
    return this.cards.matrix(args.periodId);
  }

  @SecureQuery(() => ChainBenchmarkObject, {
    description: "HQ's cross-store benchmark of a period label: per-store aggregates, service type and rank.",
    allow: [Role.HQ_ADMIN],
  })
  chainBenchmark(@Args() args: ChainBenchmarkArgs): Promise<ChainBenchmarkObject> {
    return this.benchmarks.benchmark(args.periodLabel);
  }
}
