import 'reflect-metadata';
import { config } from '@service-desk/core';
import { type AppName, demoLoginLines, Launcher, say, waitForReady } from './launcher.js';

/**
 * `npm start`: an embedded PostgreSQL unless DATABASE_URL is set, migrations, demo data into an empty
 * database, then the API and the worker as child processes. Ctrl-C stops everything.
 */
const launcher = new Launcher();

try {
  await launcher.prepareDatabase();

  for (const app of ['api', 'worker'] as AppName[]) {
    const child = launcher.spawnApp(app);
    child.on('exit', (code, signal) => {
      if (!launcher.isStopping) {
        say(`The ${app} process exited (${signal ?? code}); stopping.`);
        void launcher.stop(1);
      }
    });
  }

  const base = `http://localhost:${config().PORT}`;
  await waitForReady(`${base}/health/ready`);
  say('');
  say('Service Desk is running.');
  say(`  Web console:               ${base}/`);
  say(`  GraphQL API and explorer:  ${base}/graphql`);
  say(`  Health / metrics:          ${base}/health/ready  ${base}/metrics`);
  for (const line of demoLoginLines()) say(line);
  say('Press Ctrl-C to stop.');
} catch (error) {
  await launcher.fail(error);
}
