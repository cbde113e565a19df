import { BarsScalesService } from './bars-scales.service.js';
import { BehaviourEvidenceService } from './behaviour-evidence.service.js';
import { BehaviourTeam } from './behaviour-team.service.js';
import { BehaviourResolver } from './behaviour.resolver.js';
import { BosService } from './bos.service.js';
import { PairedComparisonsService } from './paired-comparisons.service.js';

export * from './behaviour.enums.js';
export * from './behaviour-roles.js';
export * from './default-bars-scales.js';
export * from './paired-ranking.js';
export * from './team-rule.js';
export { BarsScalesService, BehaviourEvidenceService, BehaviourTeam, BosService, PairedComparisonsService };

/** Use cases of behaviour evidence (registered in PerformanceModule). */
export const BEHAVIOUR_PROVIDERS = [
  BehaviourTeam,
  BarsScalesService,
  BehaviourEvidenceService,
  BosService,
  PairedComparisonsService,
];

/** Resolvers of behaviour evidence (registered in PerformanceGraphqlModule). */
export const BEHAVIOUR_RESOLVERS = [BehaviourResolver];
