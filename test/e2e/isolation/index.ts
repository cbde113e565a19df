import { PERFORMANCE_ISOLATION } from './performance.js';
import type { FeatureIsolation } from './types.js';

/** Every feature's part of the isolation sweep (one file per feature beside this one). */
export const FEATURE_ISOLATION: FeatureIsolation[] = [PERFORMANCE_ISOLATION];
