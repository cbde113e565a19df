import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { PublicRoute } from '@service-desk/core';
import { Database, pendingMigrations } from '@service-desk/db';
import type { Response } from 'express';
import { registry } from './metrics.js';

@Controller()
export class HealthController {
  constructor(private readonly db: Database) {}

  /** The process is up. */
  @Get('health/live')
  @PublicRoute()
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** The database answers and its schema is current; 503 otherwise. */
  @Get('health/ready')
  @PublicRoute()
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: string; pendingMigrations?: string[]; error?: string }> {
    try {
      const pending = await pendingMigrations((sql) => this.db.query(sql));
      if (pending.length > 0) {
        res.status(503);
        return { status: 'migrations pending', pendingMigrations: pending };
      }
      return { status: 'ok' };
    } catch {
      res.status(503);
      return { status: 'database unavailable' };
    }
  }

  @Get('metrics')
  @PublicRoute()
  @Header('Content-Type', registry.contentType)
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
