import { Injectable } from '@nestjs/common';
import { Database } from '@service-desk/db';

/** Deletes refresh tokens that can no longer be used, one tenant at a time under its RLS scope. */
@Injectable()
export class TokenCleanupJob {
  /** Revoked or expired tokens are kept this long for forensics (reuse detection needs recent ones). */
  static readonly RETENTION_DAYS = 7;

  constructor(private readonly db: Database) {}

  async tenantIds(): Promise<string[]> {
    return (await this.db.query<{ store_tenant_ids: string }>('SELECT store_tenant_ids()')).map(
      (r) => r.store_tenant_ids,
    );
  }

  /** Idempotent: running it twice deletes nothing more. */
  run(tenantId: string): Promise<number> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const [, count] = (await tx.query(
        `DELETE FROM refresh_tokens WHERE tenant_id = app_tenant_id()
         AND coalesce(revoked_at, used_at, expires_at) < now() - make_interval(days => $1)
         AND (expires_at < now() OR revoked_at IS NOT NULL OR used_at IS NOT NULL)`,
        [TokenCleanupJob.RETENTION_DAYS],
      )) as [unknown, number];
      return count;
    });
  }
}
