import { Injectable } from '@nestjs/common';
import {
  badInput,
  DomainError,
  ErrorCode,
  forbidden,
  newId,
  notFound,
  RequestContext,
  requireId,
  Role,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { BehaviourTeam } from './behaviour-team.service.js';
import { PairedComparisonState } from './behaviour.enums.js';
import type { JudgePairInput, StartPairedComparisonInput } from './dto/paired-comparison.input.js';
import type { PairedComparisonObject } from './paired-comparison.object.js';
import { orderedPair, pairCount, rankPairedComparison } from './paired-ranking.js';

interface SessionRow {
  id: string;
  name: string;
  staff_ids: string[];
  state: PairedComparisonState;
  created_by: string;
  created_at: Date;
  closed_at: Date | null;
}

interface JudgementRow {
  first_id: string;
  second_id: string;
  winner_id: string;
  judged_at: Date;
}

const invalidTransition = (message: string) => new DomainError(ErrorCode.INVALID_TRANSITION, message);

/**
 * Paired comparison of a team (成对比较法): the owner or a supervisor (of their own team) starts a
 * session, judges each pair once (re-judging replaces), and reads the rank (paired-ranking.ts).
 * A supervisor works only on sessions they started.
 */
@Injectable()
export class PairedComparisonsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly team: BehaviourTeam,
  ) {}

  start(input: StartPairedComparisonInput): Promise<PairedComparisonObject> {
    const actor = RequestContext.actor();
    const staffIds = input.staffIds.map((id) => requireId(id, 'Staff id'));
    if (new Set(staffIds).size !== staffIds.length) throw badInput('staffIds must be distinct');
    return this.db.transaction(async (tx) => {
      await this.team.requireRaterOf(tx, staffIds);
      const id = newId();
      await tx.query(
        `INSERT INTO paired_comparison_sessions (tenant_id, id, name, staff_ids, created_by)
         VALUES (app_tenant_id(), $1, $2, $3::uuid[], $4)`,
        [id, input.name.trim(), staffIds, actor.userId],
      );
      await this.events.append(tx, {
        type: 'paired_comparison.started',
        entity: { kind: 'paired_comparison', id },
        data: { staffIds, totalPairs: pairCount(staffIds.length) },
      });
      return this.view(tx, await this.session(tx, id, false));
    });
  }

  judge(input: JudgePairInput): Promise<PairedComparisonObject> {
    const sessionId = requireId(input.sessionId, 'Session id');
    const a = requireId(input.firstStaffId, 'First staff id');
    const b = requireId(input.secondStaffId, 'Second staff id');
    const winnerId = requireId(input.winnerId, 'Winner id');
    if (a === b) throw badInput('A pair is two different staff members');
    if (winnerId !== a && winnerId !== b) throw badInput('The winner must be one of the pair');
    return this.db.transaction(async (tx) => {
      const session = await this.session(tx, sessionId, true);
      this.requireRunner(session);
      if (session.state !== PairedComparisonState.OPEN) throw invalidTransition('The session is closed');
      if (!session.staff_ids.includes(a) || !session.staff_ids.includes(b))
        throw badInput('Both staff members must be in the session');
      const [firstId, secondId] = orderedPair(a, b);
      await tx.query(
        `INSERT INTO paired_comparison_judgements (tenant_id, session_id, first_id, second_id, winner_id, judged_by)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, session_id, first_id, second_id)
         DO UPDATE SET winner_id = excluded.winner_id, judged_by = excluded.judged_by, judged_at = now()`,
        [sessionId, firstId, secondId, winnerId, RequestContext.actor().userId],
      );
      await this.events.append(tx, {
        type: 'paired_comparison.judged',
        entity: { kind: 'paired_comparison', id: sessionId },
        data: { firstStaffId: firstId, secondStaffId: secondId },
      });
      return this.view(tx, session);
    });
  }

  close(rawId: string): Promise<PairedComparisonObject> {
    const sessionId = requireId(rawId, 'Session id');
    return this.db.transaction(async (tx) => {
      const session = await this.session(tx, sessionId, true);
      this.requireRunner(session);
      if (session.state !== PairedComparisonState.OPEN)
        throw invalidTransition('The session is already closed');
      // TypeORM answers an UPDATE with [rows, rowCount].
      const [[row]]: [SessionRow[], number] = await tx.query(
        `UPDATE paired_comparison_sessions SET state = 'CLOSED', closed_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1 RETURNING *`,
        [sessionId],
      );
      const view = await this.view(tx, row);
      await this.events.append(tx, {
        type: 'paired_comparison.closed',
        entity: { kind: 'paired_comparison', id: sessionId },
        // Not the ranking: the feed reaches agents, and the rank is review evidence.
        data: { judgedPairs: view.judgedPairs, totalPairs: view.totalPairs },
      });
      return view;
    });
  }

  get(rawId: string): Promise<PairedComparisonObject> {
    const sessionId = requireId(rawId, 'Session id');
    return this.db.transaction(async (tx) => {
      const session = await this.session(tx, sessionId, false);
      const actor = RequestContext.actor();
      if (actor.role === Role.SUPERVISOR && session.created_by !== actor.userId)
        throw forbidden('Supervisors see only the sessions they started');
      return this.view(tx, session);
    });
  }

  private requireRunner(session: SessionRow): void {
    const actor = RequestContext.actor();
    if (actor.role === Role.OWNER) return;
    if (actor.role === Role.SUPERVISOR && session.created_by === actor.userId) return;
    throw forbidden('Only the owner or the supervisor who started the session may change it');
  }

  private async session(tx: EntityManager, id: string, lock: boolean): Promise<SessionRow> {
    const [row]: SessionRow[] = await tx.query(
      `SELECT * FROM paired_comparison_sessions WHERE tenant_id = app_tenant_id() AND id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw notFound('Paired comparison');
    return row;
  }

  private async view(tx: EntityManager, session: SessionRow): Promise<PairedComparisonObject> {
    const staff: Array<{ id: string; name: string }> = await tx.query(
      `SELECT id, display_name AS name FROM users WHERE tenant_id = app_tenant_id() AND id = ANY($1::uuid[])`,
      [session.staff_ids],
    );
    const judgements: JudgementRow[] = await tx.query(
      `SELECT first_id, second_id, winner_id, judged_at FROM paired_comparison_judgements
        WHERE tenant_id = app_tenant_id() AND session_id = $1 ORDER BY first_id, second_id`,
      [session.id],
    );
    const ranking = rankPairedComparison(
      staff,
      judgements.map((j) => ({ firstId: j.first_id, secondId: j.second_id, winnerId: j.winner_id })),
    );
    const totalPairs = pairCount(session.staff_ids.length);
    return {
      id: session.id,
      name: session.name,
      state: session.state,
      staffIds: session.staff_ids,
      judgedPairs: judgements.length,
      totalPairs,
      complete: judgements.length === totalPairs,
      ranking,
      judgements: judgements.map((j) => ({
        firstStaffId: j.first_id,
        secondStaffId: j.second_id,
        winnerId: j.winner_id,
        judgedAt: j.judged_at,
      })),
      createdById: session.created_by,
      createdAt: session.created_at,
      closedAt: session.closed_at,
    };
  }
}
