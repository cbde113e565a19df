import { Args, Resolver } from '@nestjs/graphql';
import { Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { BarsScaleObject } from './bars-scale.object.js';
import { BarsScalesService } from './bars-scales.service.js';
import { BehaviourEvidenceService } from './behaviour-evidence.service.js';
import {
  BehaviorRatingConnection,
  BehaviorRatingObject,
  CriticalIncidentConnection,
  CriticalIncidentObject,
} from './behaviour-evidence.object.js';
import {
  BEHAVIOUR_EVIDENCE_READERS,
  BEHAVIOUR_RATERS,
  BEHAVIOUR_SCALE_READERS,
  BEHAVIOUR_SETUP,
  PAIRED_COMPARISON_READERS,
  PAIRED_COMPARISON_RUNNERS,
} from './behaviour-roles.js';
import { BosItemObject, BosRatingConnection, BosRatingObject } from './bos.object.js';
import { BehaviourTeam } from './behaviour-team.service.js';
import { TeamMemberObject, TeamTieKind } from './team-member.object.js';
import { BosService } from './bos.service.js';
import {
  ActiveFilterArgs,
  CriticalIncidentsArgs,
  PairedComparisonArgs,
  StaffEvidenceArgs,
} from './dto/behaviour.args.js';
import { CreateBarsScaleInput, UpdateBarsScaleInput } from './dto/bars-scale.input.js';
import {
  CreateBosItemInput,
  RateBehaviorFrequencyInput,
  RateBehaviorInput,
  RecordCriticalIncidentInput,
} from './dto/behaviour-evidence.input.js';
import {
  JudgePairInput,
  PairedComparisonIdInput,
  StartPairedComparisonInput,
} from './dto/paired-comparison.input.js';
import { PairedComparisonObject } from './paired-comparison.object.js';
import { PairedComparisonsService } from './paired-comparisons.service.js';
/** Behaviour evidence for performance reviews (DESIGN section 6.6): thin, the services hold the rules. */
@Resolver()
export class BehaviourResolver {
  constructor(
    private readonly scales: BarsScalesService,
    private readonly evidence: BehaviourEvidenceService,
    private readonly bos: BosService,
    private readonly paired: PairedComparisonsService,
    private readonly team: BehaviourTeam,
  ) {}

  @SecureQuery(() => [BarsScaleObject], {
    description:
      "The tenant's BARS scales by position; a tenant without any gets the default scales (listening, empathy, responsiveness, keeping commitments, going beyond expectations, product knowledge).",
    allow: BEHAVIOUR_SCALE_READERS,
  })
  barsScales(@Args() args: ActiveFilterArgs): Promise<BarsScaleObject[]> {
    return this.scales.list(args);
  }

  @SecureMutation(() => [BarsScaleObject], {
    description:
      'Adds the default BARS scales the tenant does not have yet (by dimension) and returns all scales.',
    allow: BEHAVIOUR_SETUP,
  })
  adoptDefaultBarsScales(): Promise<BarsScaleObject[]> {
    return this.scales.adoptDefaults();
  }

  @SecureMutation(() => BarsScaleObject, {
    description:
      'Creates a BARS scale with five anchored levels; the dimension is unique (CONFLICT otherwise).',
    allow: BEHAVIOUR_SETUP,
  })
  createBarsScale(
    @Args('input', { description: 'The new scale.' }) input: CreateBarsScaleInput,
  ): Promise<BarsScaleObject> {
    return this.scales.create(input);
  }

  @SecureMutation(() => BarsScaleObject, {
    description: "Changes a BARS scale's name, description, weight, active flag or anchors.",
    allow: BEHAVIOUR_SETUP,
  })
  updateBarsScale(
    @Args('input', { description: 'The scale and the changes.' }) input: UpdateBarsScaleInput,
  ): Promise<BarsScaleObject> {
    return this.scales.update(input);
  }

  @SecureMutation(() => BehaviorRatingObject, {
    description:
      'Rates a staff member on a BARS scale, citing their critical incidents. Supervisors rate their own team only (FORBIDDEN otherwise): staff rostered in a zone they are responsible for or on their shifts.',
    allow: BEHAVIOUR_RATERS,
  })
  rateBehavior(
    @Args('input', { description: 'The rating.' }) input: RateBehaviorInput,
  ): Promise<BehaviorRatingObject> {
    return this.evidence.rate(input);
  }

  @SecureQuery(() => BehaviorRatingConnection, {
    description:
      "A staff member's BARS ratings, newest first (owner and HR: anyone; supervisors: their team; staff: their own).",
    allow: BEHAVIOUR_EVIDENCE_READERS,
  })
  behaviorRatings(@Args() args: StaffEvidenceArgs): Promise<BehaviorRatingConnection> {
    return this.evidence.ratings(args);
  }

  @SecureMutation(() => CriticalIncidentObject, {
    description:
      'Records a critical incident for a staff member, optionally linked to a complaint or work order of the tenant. Supervisors record for their own team only.',
    allow: BEHAVIOUR_RATERS,
  })
  recordCriticalIncident(
    @Args('input', { description: 'The incident.' }) input: RecordCriticalIncidentInput,
  ): Promise<CriticalIncidentObject> {
    return this.evidence.recordIncident(input);
  }

  @SecureQuery(() => CriticalIncidentConnection, {
    description: "A staff member's critical incidents, newest first (same readers as behaviorRatings).",
    allow: BEHAVIOUR_EVIDENCE_READERS,
  })
  criticalIncidents(@Args() args: CriticalIncidentsArgs): Promise<CriticalIncidentConnection> {
    return this.evidence.incidents(args);
  }

  @SecureQuery(() => [BosItemObject], {
    description: 'The behaviours of the behaviour observation scale (BOS), by position.',
    allow: BEHAVIOUR_SCALE_READERS,
  })
  bosItems(@Args() args: ActiveFilterArgs): Promise<BosItemObject[]> {
    return this.bos.items(args);
  }

  @SecureMutation(() => BosItemObject, {
    description: 'Adds a behaviour to the BOS.',
    allow: BEHAVIOUR_SETUP,
  })
  createBosItem(
    @Args('input', { description: 'The new item.' }) input: CreateBosItemInput,
  ): Promise<BosItemObject> {
    return this.bos.createItem(input);
  }

  @SecureMutation(() => BosRatingObject, {
    description:
      'Rates how often a staff member shows a BOS behaviour (1 almost never … 5 almost always). Supervisors rate their own team only.',
    allow: BEHAVIOUR_RATERS,
  })
  rateBehaviorFrequency(
    @Args('input', { description: 'The frequency rating.' }) input: RateBehaviorFrequencyInput,
  ): Promise<BosRatingObject> {
    return this.bos.rateFrequency(input);
  }

  @SecureQuery(() => BosRatingConnection, {
    description: "A staff member's BOS frequency ratings, newest first (same readers as behaviorRatings).",
    allow: BEHAVIOUR_EVIDENCE_READERS,
  })
  bosRatings(@Args() args: StaffEvidenceArgs): Promise<BosRatingConnection> {
    return this.bos.ratings(args);
  }

  @SecureQuery(() => [TeamMemberObject], {
    description:
      "The signed-in supervisor's team, by name: agents and field staff rostered (92 days back to 14 ahead) in a zone they are responsible for or on their shifts.",
    allow: [Role.SUPERVISOR],
  })
  async myTeam(): Promise<TeamMemberObject[]> {
    return (await this.team.mine()).map((member) => ({
      staffId: member.id,
      name: member.name,
      role: member.role,
      tie: member.tie as TeamTieKind,
    }));
  }

  @SecureMutation(() => PairedComparisonObject, {
    description: 'Starts a paired comparison of 2 to 30 staff members (a supervisor: of their own team).',
    allow: PAIRED_COMPARISON_RUNNERS,
  })
  startPairedComparison(
    @Args('input', { description: 'The session.' }) input: StartPairedComparisonInput,
  ): Promise<PairedComparisonObject> {
    return this.paired.start(input);
  }

  @SecureMutation(() => PairedComparisonObject, {
    description:
      'Judges which of two members of an open session is better; judging a pair again replaces it.',
    allow: PAIRED_COMPARISON_RUNNERS,
  })
  judgePair(
    @Args('input', { description: 'The judgement.' }) input: JudgePairInput,
  ): Promise<PairedComparisonObject> {
    return this.paired.judge(input);
  }

  @SecureMutation(() => PairedComparisonObject, {
    description: 'Closes a session: its rank is final (INVALID_TRANSITION when already closed).',
    allow: PAIRED_COMPARISON_RUNNERS,
  })
  closePairedComparison(
    @Args('input', { description: 'The session.' }) input: PairedComparisonIdInput,
  ): Promise<PairedComparisonObject> {
    return this.paired.close(input.sessionId);
  }

  @SecureQuery(() => PairedComparisonObject, {
    description:
      'A paired comparison with its judged and total pairs and the rank (wins, ties split deterministically).',
    allow: PAIRED_COMPARISON_READERS,
  })
  pairedComparison(@Args() args: PairedComparisonArgs): Promise<PairedComparisonObject> {
    return this.paired.get(args.id);
  }
}
