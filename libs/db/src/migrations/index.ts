import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { ComplaintDesk1763900000000 } from './1763900000000-complaint-desk.js';
import { InlineTenantPolicies1764000000000 } from './1764000000000-inline-tenant-policies.js';
import { Dispatch1764100000000 } from './1764100000000-dispatch.js';
import { Visits1764200000000 } from './1764200000000-visits.js';
import { BehaviourEvidence1764250000000 } from './1764250000000-behaviour-evidence.js';
import { Revisits1764300000000 } from './1764300000000-revisits.js';
import { Loyalty1764310000000 } from './1764310000000-loyalty.js';
import { Campaigns1764320000000 } from './1764320000000-campaigns.js';
import { Surveys1764330000000 } from './1764330000000-surveys.js';
import { Notifications1764340000000 } from './1764340000000-notifications.js';
import { Scorecards1764360000000 } from './1764360000000-scorecards.js';

/** Every migration, in order. A new migration is added here. */
export const MIGRATIONS = [
  Foundation1763800000000,
  ComplaintDesk1763900000000,
  InlineTenantPolicies1764000000000,
  Dispatch1764100000000,
  Visits1764200000000,
  BehaviourEvidence1764250000000,
  Revisits1764300000000,
  Loyalty1764310000000,
  Campaigns1764320000000,
  Surveys1764330000000,
  Notifications1764340000000,
  Scorecards1764360000000,
];
