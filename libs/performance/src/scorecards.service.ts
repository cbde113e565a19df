import { Injectable } from '@nestjs/common';
import {
  badInput,
  Cursor,
  forbidden,
  newId,
  notFound,
  requireId,
  RequestContext,
  Role,
  toConnection,
  toCsvRow,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type {
  AcknowledgeScorecardInput,
  CalibrateScorecardInput,
  ScorecardsArgs,
  SubmitReviewInput,
} from './dto/performance.input.js';
import { PerformanceSetupService } from './performance-setup.service.js';
import type {
  GradeDistributionObject,
  GradeEnum,
  KpiResultObject,
  PublishScorecardsResultObject,
  ScorecardConnection,
  ScorecardObject,
  ServiceTypeMatrixObject,
} from './performance.object.js';
import { requirePeriod } from './periods.service.js';
import {
  nextScorecardState,
  REVIEW_LIFECYCLE,
  type ScorecardState,
  VISIBLE_TO_STAFF,
} from './review/review-lifecycle.js';
import { KPI_CATALOG, type KpiResult } from './scoring/kpis.js';
import {
  checkDistribution,
  classifyServiceType,
  type Grade,
  matrixAxes,
  type ServiceType,
} from './scoring/scorecard-rules.js';

interface ScorecardRow {
  id: string;
  period_id: string;
  staff_id: string;
  staff_name: string;
  role: Role;
  state: ScorecardState;
  kpis: KpiResult[];
  kpi_score: string | null;
  bars_score: string | null;
  bos_score: string | null;
  behaviour_score: string | null;
  composite: string | null;
  procedural_score: string | null;
  personal_score: string | null;
  service_type: ServiceType | null;
  rank: number | null;
  grade: Grade | null;
  calibrated_score: string | null;
  calibrated_grade: Grade | null;
  calibration_reason: string | null;
  submitted_at: Date | null;
  calibrated_at: Date | null;
  published_at: Date | null;
  acknowledged_at: Date | null;
  acknowledgement_comment: string | null;
}

const num = (value: string | number | null): number | null => (value === null ? null : Number(value));

const toKpiResult = (kpi: KpiResult): KpiResultObject => ({
  code: kpi.code,
  sample: kpi.sample,
  value: num(kpi.value),
  direction: kpi.direction,
  target: Number(kpi.target),
  weight: Number(kpi.weight),
  minSample: kpi.minSample,
  score: num(kpi.score),
  notEnoughData: kpi.sample < kpi.minSample,
});

export const toScorecard = (row: ScorecardRow): ScorecardObject => ({
  id: row.id,
  periodId: row.period_id,
  staffId: row.staff_id,
  staffName: row.staff_name,
  role: row.role,
  state: row.state,
  kpis: row.kpis.map(toKpiResult),
  kpiScore: num(row.kpi_score),
  barsScore: num(row.bars_score),
  bosScore: num(row.bos_score),
  behaviourScore: num(row.behaviour_score),
  composite: num(row.composite),
  finalScore: num(row.calibrated_score ?? row.composite),
  proceduralScore: num(row.procedural_score),
  personalScore: num(row.personal_score),
  serviceType: row.service_type,
  rank: row.rank,
  grade: row.grade as GradeEnum | null,
  finalGrade: (row.calibrated_grade ?? row.grade) as GradeEnum | null,
  calibrationReason: row.calibration_reason,
  submittedAt: row.submitted_at,
  calibratedAt: row.calibrated_at,
  publishedAt: row.published_at,
  acknowledgedAt: row.acknowledged_at,
  acknowledgementComment: row.acknowledgement_comment,
});

const SELECT_CARD = `SELECT s.*, u.display_name AS staff_name FROM scorecards s
  JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.staff_id`;

/** HR and the owner see every card of the tenant; staff only their own published or acknowledged one. */
const SEES_ALL: readonly string[] = [Role.OWNER, Role.HR];

function visibility(params: unknown[]): string {
  const actor = RequestContext.actor();
  if (SEES_ALL.includes(actor.role)) return '';
  params.push(actor.userId, VISIBLE_TO_STAFF);
  return ` AND s.staff_id = $${params.length - 1} AND s.state = ANY($${params.length}::text[])`;
}

const actorOf = () => {
  const actor = RequestContext.actor();
  return { role: actor.role, userId: actor.userId };
};

/** Scorecards of a period: reading them, the review workflow, the distribution check, exports, the matrix. */
@Injectable()
export class ScorecardsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly setup: PerformanceSetupService,
  ) {}

  list(args: ScorecardsArgs): Promise<ScorecardConnection> {
    const after = args.after ? (Cursor.decode(args.after, 1) as [string]) : null;
    if (after && typeof after[0] !== 'string') throw badInput('Malformed cursor');
    return this.db.transaction(async (tx) => {
      const period = await requirePeriod(tx, args.periodId);
      const params: unknown[] = [period.id, after?.[0] ?? null, args.role ?? null, args.state ?? null];
      const filter = visibility(params);
      params.push(args.first + 1);
      const rows: ScorecardRow[] = await tx.query(
        `${SELECT_CARD} WHERE s.tenant_id = app_tenant_id() AND s.period_id = $1
           AND ($2::uuid IS NULL OR s.id > $2::uuid) AND ($3::text IS NULL OR s.role = $3)
           AND ($4::text IS NULL OR s.state = $4)${filter}
         ORDER BY s.id LIMIT $${params.length}`,
        params,
      );
      return toConnection(rows.map(toScorecard), args.first, (card) => [card.id]);
    });
  }

  get(id: string): Promise<ScorecardObject> {
    const cardId = requireId(id, 'Scorecard id');
    return this.db.transaction(async (tx) => toScorecard(await this.load(tx, cardId, false)));
  }

  /** A card as the actor may see it; `reviewer` skips the staff filter for the one who just submitted it. */
  private async load(tx: EntityManager, id: string, lock: boolean, reviewer = false): Promise<ScorecardRow> {
    const params: unknown[] = [id];
    const filter = reviewer ? '' : visibility(params);
    const [row]: ScorecardRow[] = await tx.query(
      `${SELECT_CARD} WHERE s.tenant_id = app_tenant_id() AND s.id = $1${filter} ${lock ? 'FOR UPDATE OF s' : ''}`,
      params,
    );
    if (!row) throw notFound('Scorecard');
    return row;
  }

  submit(input: SubmitReviewInput): Promise<ScorecardObject> {
    const staffId = requireId(input.staffId, 'Staff id');
    return this.db.transaction(async (tx) => {
      const period = await requirePeriod(tx, input.periodId);
      const [card]: ScorecardRow[] = await tx.query(
        `${SELECT_CARD} WHERE s.tenant_id = app_tenant_id() AND s.period_id = $1 AND s.staff_id = $2 FOR UPDATE OF s`,
        [period.id, staffId],
      );
      if (!card) throw notFound('Scorecard');
      const actor = actorOf();
      // A supervisor rates their team (agents and field staff), not fellow supervisors.
      if (actor.role === Role.SUPERVISOR && card.role === Role.SUPERVISOR && card.staff_id !== actor.userId)
        throw forbidden("A supervisor may not submit another supervisor's scorecard");
      const state = nextScorecardState(card.state, 'submit', actor, card.staff_id);
      await tx.query(
        `UPDATE scorecards SET state = $2, submitted_by = $3, submitted_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [card.id, state, actor.userId],
      );
      await this.events.append(tx, {
        type: 'scorecard.submitted',
        entity: { kind: 'scorecard', id: card.id },
        data: { periodId: period.id, staffId: card.staff_id, state },
      });
      // The supervisor reviewing the card gets it back (it is their team member's, in review).
      return toScorecard(await this.load(tx, card.id, false, true));
    });
  }

  /** HR overrides grade and/or score with a reason; the change is kept in the calibration audit. */
  calibrate(input: CalibrateScorecardInput): Promise<ScorecardObject> {
    const id = requireId(input.scorecardId, 'Scorecard id');
    if (input.grade === undefined && input.score === undefined)
      throw badInput('Give a grade, a score, or both', { fields: ['grade', 'score'] });
    const reason = input.reason.trim();
    return this.db.transaction(async (tx) => {
      const card = await this.load(tx, id, true);
      const actor = actorOf();
      const state = nextScorecardState(card.state, 'calibrate', actor, card.staff_id);
      const fromScore = num(card.calibrated_score ?? card.composite);
      const fromGrade = card.calibrated_grade ?? card.grade;
      const toScore = input.score ?? fromScore;
      const toGrade = input.grade ?? fromGrade;
      await tx.query(
        `INSERT INTO scorecard_calibrations (tenant_id, id, scorecard_id, from_score, to_score, from_grade, to_grade, reason, calibrated_by)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8)`,
        [newId(), card.id, fromScore, toScore, fromGrade, toGrade, reason, actor.userId],
      );
      await tx.query(
        `UPDATE scorecards SET state = $2, calibrated_score = $3, calibrated_grade = $4, calibration_reason = $5,
           calibrated_by = $6, calibrated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [
          card.id,
          state,
          input.score ?? card.calibrated_score,
          input.grade ?? card.calibrated_grade,
          reason,
          actor.userId,
        ],
      );
      await this.events.append(tx, {
        type: 'scorecard.calibrated',
        entity: { kind: 'scorecard', id: card.id },
        data: { periodId: card.period_id, staffId: card.staff_id, fromGrade, toGrade, fromScore, toScore },
      });
      return toScorecard(await this.load(tx, card.id, false));
    });
  }

  /** Publishes every SUBMITTED or CALIBRATED card of the period (drafts stay drafts). */
  publish(periodId: string): Promise<PublishScorecardsResultObject> {
    const actor = actorOf();
    const rule = REVIEW_LIFECYCLE.publish;
    if (actor.role === 'SYSTEM' || !rule.by.includes(actor.role))
      throw forbidden('Only HR publishes scorecards');
    return this.db.transaction(async (tx) => {
      const period = await requirePeriod(tx, periodId, true);
      const [{ published }]: Array<{ published: number }> = await tx.query(
        `WITH hit AS (
           UPDATE scorecards SET state = $2, published_at = now()
           WHERE tenant_id = app_tenant_id() AND period_id = $1 AND state = ANY($3::text[])
           RETURNING id, staff_id
         ), logged AS (
           SELECT append_tenant_event('scorecard.published', 'scorecard', id, $4,
             jsonb_build_object('periodId', $1::uuid, 'staffId', staff_id))
           FROM (SELECT * FROM hit ORDER BY id) ordered
         )
         SELECT count(*)::int AS published FROM logged`,
        [period.id, rule.to, rule.from, actor.userId],
      );
      return { periodId: period.id, published, distribution: await this.distributionIn(tx, period.id) };
    });
  }

  acknowledge(input: AcknowledgeScorecardInput): Promise<ScorecardObject> {
    const id = requireId(input.scorecardId, 'Scorecard id');
    return this.db.transaction(async (tx) => {
      const card = await this.load(tx, id, true);
      const state = nextScorecardState(card.state, 'acknowledge', actorOf(), card.staff_id);
      await tx.query(
        `UPDATE scorecards SET state = $2, acknowledged_at = now(), acknowledgement_comment = $3
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [card.id, state, input.comment.trim()],
      );
      await this.events.append(tx, {
        type: 'scorecard.acknowledged',
        entity: { kind: 'scorecard', id: card.id },
        data: { periodId: card.period_id, staffId: card.staff_id },
      });
      return toScorecard(await this.load(tx, card.id, false));
    });
  }

  distribution(periodId: string): Promise<GradeDistributionObject[]> {
    return this.db.transaction(async (tx) => this.distributionIn(tx, (await requirePeriod(tx, periodId)).id));
  }

  private async distributionIn(tx: EntityManager, periodId: string): Promise<GradeDistributionObject[]> {
    const settings = await this.setup.loadSettings(tx);
    const groups: Array<{ role: Role; automatic: Grade | null; final: Grade | null; n: number }> =
      await tx.query(
        `SELECT role, grade AS automatic, coalesce(calibrated_grade, grade) AS final, count(*)::int AS n
       FROM scorecards WHERE tenant_id = app_tenant_id() AND period_id = $1
       GROUP BY role, grade, coalesce(calibrated_grade, grade) ORDER BY role`,
        [periodId],
      );
    const roles = [...new Set(groups.map((g) => g.role))];
    return roles.map((role) => {
      const cards = groups
        .filter((g) => g.role === role)
        .flatMap((g) => Array.from({ length: g.n }, () => ({ automatic: g.automatic, final: g.final })));
      const check = checkDistribution(cards, { a: settings.gradeAShare, c: settings.gradeCShare });
      return { role, ...check };
    });
  }

  /** Every card of the period as CSV (HR and the owner; no customer data is on a card). */
  exportCsv(periodId: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const period = await requirePeriod(tx, periodId);
      const rows: ScorecardRow[] = await tx.query(
        `${SELECT_CARD} WHERE s.tenant_id = app_tenant_id() AND s.period_id = $1 ORDER BY s.role, s.rank NULLS LAST, s.id`,
        [period.id],
      );
      const codes = KPI_CATALOG.map((k) => k.code);
      const header = toCsvRow([
        'period',
        'staff',
        'role',
        'state',
        ...codes.map((c) => `${c} score`),
        'KPI score',
        'behaviour score',
        'composite',
        'final score',
        'rank',
        'grade',
        'final grade',
        'service type',
      ]);
      const lines = rows
        .map(toScorecard)
        .map((card) =>
          toCsvRow([
            period.label,
            card.staffName,
            card.role,
            card.state,
            ...codes.map((code) => card.kpis.find((k) => k.code === code)?.score ?? null),
            card.kpiScore,
            card.behaviourScore,
            card.composite,
            card.finalScore,
            card.rank,
            card.grade,
            card.finalGrade,
            card.serviceType,
          ]),
        );
      return [header, ...lines].join('\n');
    });
  }

  /** Procedural × personal per staff member and for the store, with what drove each axis. */
  matrix(periodId: string): Promise<ServiceTypeMatrixObject> {
    return this.db.transaction(async (tx) => {
      const period = await requirePeriod(tx, periodId);
      const { matrixThreshold: threshold } = await this.setup.loadSettings(tx);
      const rows: ScorecardRow[] = await tx.query(
        `${SELECT_CARD} WHERE s.tenant_id = app_tenant_id() AND s.period_id = $1 ORDER BY u.display_name, s.staff_id`,
        [period.id],
      );
      const people = rows.map((row) => {
        const axes = matrixAxes(
          row.kpis.map((k) => ({ code: k.code, score: num(k.score), weight: Number(k.weight) })),
          num(row.behaviour_score),
        );
        return {
          staffId: row.staff_id,
          staffName: row.staff_name,
          role: row.role,
          procedural: axes.procedural,
          personal: axes.personal,
          serviceType: classifyServiceType(axes.procedural, axes.personal, threshold),
          proceduralInputs: axes.proceduralInputs,
          personalInputs: axes.personalInputs,
        };
      });
      const mean = (values: Array<number | null>) => {
        const present = values.filter((v): v is number => v !== null);
        return present.length
          ? Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 100) / 100
          : null;
      };
      const procedural = mean(people.map((p) => p.procedural));
      const personal = mean(people.map((p) => p.personal));
      const explain = (inputs: Array<{ input: string; value: number | null; weight: number }>) =>
        inputs.map((i) => `${i.input}=${i.value ?? 'n/a'}×${i.weight}`).join('; ');
      const csv = [
        toCsvRow([
          'staff',
          'role',
          'procedural',
          'personal',
          'service type',
          'procedural inputs',
          'personal inputs',
        ]),
        ...people.map((p) =>
          toCsvRow([
            p.staffName,
            p.role,
            p.procedural,
            p.personal,
            p.serviceType,
            explain(p.proceduralInputs),
            explain(p.personalInputs),
          ]),
        ),
        toCsvRow([
          'STORE',
          '',
          procedural,
          personal,
          classifyServiceType(procedural, personal, threshold),
          '',
          '',
        ]),
      ].join('\n');
      return {
        periodId: period.id,
        threshold,
        procedural,
        personal,
        serviceType: classifyServiceType(procedural, personal, threshold),
        people,
        csv,
      };
    });
  }
}
