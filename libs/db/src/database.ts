import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { badInput, RequestContext } from '@service-desk/core';
import type { DataSource, EntityManager } from 'typeorm';

export interface TenantScope {
  tenantId: string;
  /** Set only for HQ work that may read the chain's tenant list. */
  chainId?: string;
}

/**
 * The only way application code reaches tenant data: one transaction, scoped to one tenant through
 * `app.tenant_id` (transaction-local), so Row-Level Security applies to every statement in it.
 */
@Injectable()
export class Database {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** A transaction as the tenant of the signed-in actor. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const actor = RequestContext.actor();
    return this.asTenant({ tenantId: actor.tenantId }, work);
  }

  /** A transaction as the given tenant (jobs, provisioning, login before a request actor exists). */
  asTenant<T>(scope: TenantScope, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource
      .transaction(async (tx) => {
        await tx.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.chain_id', $2, true)`, [
          scope.tenantId,
          scope.chainId ?? '',
        ]);
        return work(tx);
      })
      .catch(rejectUnstorableText);
  }

  /** Statements that touch no tenant table (definer functions, rate limits). */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, params).catch(rejectUnstorableText);
  }
}

/** SQLSTATEs for text PostgreSQL cannot store (a NUL character in text or jsonb). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** Such text comes from the caller, so it is BAD_USER_INPUT rather than an internal error. */
function rejectUnstorableText(error: unknown): never {
  const code = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  if (typeof code === 'string' && UNSTORABLE_TEXT.has(code)) {
    throw badInput('Text contains a character that cannot be stored (NUL)');
  }
  throw error;
}
