import { config } from '@service-desk/core';
import { migrate, ownerUrl } from '@service-desk/db';

/** `npm run migrate`: applies pending migrations to DATABASE_URL as the owner role. */
const applied = await migrate(ownerUrl(), config().DATABASE_APP_PASSWORD);
process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is current.\n');
