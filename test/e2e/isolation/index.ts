import { behaviourIsolation } from './behaviour.js';
import { campaignsIsolation } from './campaigns.js';
import { loyaltyIsolation } from './loyalty.js';
import { NOTIFICATIONS_ISOLATION } from './notifications.js';
import { PERFORMANCE_ISOLATION } from './performance.js';
import { REVISITS_ISOLATION } from './revisits.js';
import { SURVEYS_ISOLATION } from './surveys.js';
import type { FeatureIsolation } from './types.js';

/** Every feature's part of the isolation sweep (one file per feature beside this one). */
export const FEATURE_ISOLATION: FeatureIsolation[] = [
  REVISITS_ISOLATION,
  behaviourIsolation,
  SURVEYS_ISOLATION,
  campaignsIsolation,
  loyaltyIsolation,
  NOTIFICATIONS_ISOLATION,
  PERFORMANCE_ISOLATION,
];
