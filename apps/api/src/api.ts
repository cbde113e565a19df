import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { config, logger, newId } from '@service-desk/core';
import { AppModule } from './app.module.js';
import { serveConsole } from './console-static.js';
import { httpRequests } from './operations/metrics.js';
import { PinoNestLogger } from './operations/nest-logger.js';

/** Creates the API application (also used by tests, on port 0). */
export async function createApi(): Promise<NestExpressApplication> {
  const settings = config();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: new PinoNestLogger(),
  });
  // Whose X-Forwarded-For is believed (client addresses feed the login rate limits): the local proxy of
  // `npm run cluster` by default; the ingress or load balancer's network in a deployment.
  app.set(
    'trust proxy',
    /^\d+$/.test(settings.TRUST_PROXY) ? Number(settings.TRUST_PROXY) : settings.TRUST_PROXY,
  );
  app.use((req: Request & { requestId?: string }, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    req.requestId = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : newId();
    res.setHeader('x-request-id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.path.startsWith('/graphql')
        ? '/graphql'
        : req.path.startsWith('/health')
          ? req.path
          : 'other';
      httpRequests.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const actor = (req as { actor?: { tenantId: string } | null }).actor;
      logger().info(
        {
          requestId: req.requestId,
          tenantId: actor?.tenantId,
          method: req.method,
          path: route,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    next();
  });
  app.use(express.json({ limit: settings.GRAPHQL_MAX_BODY }));
  app.use(
    (error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
      // Malformed or oversize bodies are the client's mistake: answer 4xx with a code, never 500.
      if (error.status && error.status >= 400 && error.status < 500) {
        res
          .status(error.status)
          .json({ errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }] });
        return;
      }
      next(error);
    },
  );
  serveConsole(app, settings.CONSOLE_DIR);
  app.enableShutdownHooks();
  return app;
}
