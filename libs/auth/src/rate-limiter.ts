import { Injectable } from '@nestjs/common';
import { Database } from '@service-desk/db';
import { sha256 } from './tokens.js';

/**
 * Fixed-window counters in the database, so every API process shares them. Keys are hashed: an
 * address or e-mail never sits in the table in clear.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly db: Database) {}

  /** Counts a hit and returns the count in the current window. */
  async hit(key: string, windowMs: number): Promise<number> {
    const rows = await this.db.query<{ hits: number }>(
      `INSERT INTO rate_limits AS r (key, window_start, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_start < now() - $2 * interval '1 millisecond' THEN 1 ELSE r.hits + 1 END,
         window_start = CASE WHEN r.window_start < now() - $2 * interval '1 millisecond' THEN now() ELSE r.window_start END
       RETURNING hits`,
      [sha256(key), windowMs],
    );
    return rows[0].hits;
  }

  /** The count in the current window without counting. */
  async count(key: string, windowMs: number): Promise<number> {
    const rows = await this.db.query<{ hits: number }>(
      `SELECT hits FROM rate_limits WHERE key = $1 AND window_start >= now() - $2 * interval '1 millisecond'`,
      [sha256(key), windowMs],
    );
    return rows[0]?.hits ?? 0;
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [sha256(key)]);
  }
}
