import { Role } from '@service-desk/core';

/** KPI/BARS setup of the tenant (DESIGN section 4): the owner and HR. */
export const BEHAVIOUR_SETUP: readonly Role[] = [Role.OWNER, Role.HR];

/** Who records ratings and incidents: the owner for anyone, supervisors for their own team. */
export const BEHAVIOUR_RATERS: readonly Role[] = [Role.OWNER, Role.SUPERVISOR];

/** Who reads scales and BOS items: everyone rated or rating (staff see what they are rated on). */
export const BEHAVIOUR_SCALE_READERS: readonly Role[] = [
  Role.OWNER,
  Role.SUPERVISOR,
  Role.AGENT,
  Role.FIELD_STAFF,
  Role.HR,
];

/**
 * Who reads a staff member's evidence: owner and HR (calibration) for anyone, a supervisor for
 * their team and themselves, agents and field staff their own (it backs their scorecard).
 */
export const BEHAVIOUR_EVIDENCE_READERS: readonly Role[] = BEHAVIOUR_SCALE_READERS;

/** Paired comparisons are run by the owner or a supervisor (of their team); HR reads them. */
export const PAIRED_COMPARISON_RUNNERS: readonly Role[] = [Role.OWNER, Role.SUPERVISOR];
export const PAIRED_COMPARISON_READERS: readonly Role[] = [Role.OWNER, Role.SUPERVISOR, Role.HR];
