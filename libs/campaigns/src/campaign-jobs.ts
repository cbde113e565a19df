import { Injectable } from '@nestjs/common';
import { PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';

/** What the campaign job needs to find its campaign under the right tenant. */
export interface CampaignJobData {
  tenantId: string;
  campaignId: string;
}

/**
 * Enqueues campaign jobs inside the caller's transaction (pg-boss's `db` option): the job exists
 * exactly when the campaign was committed, no lost or phantom jobs. This pg-boss instance is never
 * started and has no connection of its own.
 */
@Injectable()
export class CampaignJobs {
  private readonly boss = new PgBoss({
    schema: PGBOSS_SCHEMA,
    db: {
      executeSql: () => Promise.reject(new Error('Campaign jobs are only sent inside a transaction')),
    },
  });

  /** Enqueues the campaign's run, to start at `startsAt` (the start date's midnight in the store). */
  async enqueueRun(tx: EntityManager, data: CampaignJobData, startsAt: Date): Promise<void> {
    const id = await this.boss.send(
      Queue.CampaignRun,
      { ...data },
      {
        singletonKey: data.campaignId,
        startAfter: startsAt,
        db: {
          executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }),
        },
      },
    );
    if (!id) throw new Error(`The job queue ${Queue.CampaignRun} did not accept the campaign job`);
  }
}
