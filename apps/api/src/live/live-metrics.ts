import { Counter, Gauge } from 'prom-client';
import { registry } from '../operations/metrics.js';

export const liveSockets = new Gauge({
  name: 'live_sockets',
  help: 'Open live feed connections on this process.',
  registers: [registry],
});

export const liveEventsPublished = new Counter({
  name: 'live_events_published_total',
  help: 'Tenant events published to live feed rooms by this process.',
  registers: [registry],
});
