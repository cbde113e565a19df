import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Paths that belong to the API itself, never to the console. */
const API_PATHS = /^\/(graphql|health|metrics|socket\.io)(\/|$)/;

/**
 * Serves the built web console (static files, and index.html for the console's own routes so deep
 * links work). Does nothing when the console has not been built.
 */
export function serveConsole(app: NestExpressApplication, directory: string): boolean {
  const root = resolve(directory);
  const index = resolve(root, 'index.html');
  if (!existsSync(index)) return false;
  const files = express.static(root, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/assets/')) return files(req, res, next);
    // A console route: any extension-less path asking for HTML.
    if (!/\.[a-z0-9]+$/i.test(req.path) && req.accepts('html')) {
      res.setHeader('cache-control', 'no-cache');
      return res.sendFile(index);
    }
    return files(req, res, next);
  });
  return true;
}
