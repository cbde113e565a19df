import type { MessageKey } from './messages.js';
import type { Role } from './session.js';

/** The console's sections and who may open them (mirrors the API's role policies). */
export interface Section {
  path: string;
  label: MessageKey;
  roles: readonly Role[];
}

const FRONT_DESK: readonly Role[] = ['OWNER', 'SUPERVISOR', 'AGENT'];

export const SECTIONS: readonly Section[] = [
  { path: '/field', label: 'navField', roles: ['FIELD_STAFF'] },
  { path: '/board', label: 'navBoard', roles: FRONT_DESK },
  { path: '/complaints', label: 'navComplaints', roles: FRONT_DESK },
  { path: '/case-library', label: 'navCaseLibrary', roles: [...FRONT_DESK, 'FIELD_STAFF', 'HR'] },
  { path: '/report', label: 'navReport', roles: ['OWNER', 'SUPERVISOR'] },
  { path: '/revisits', label: 'navRevisits', roles: FRONT_DESK },
  { path: '/campaigns', label: 'navCampaigns', roles: [...FRONT_DESK, 'HR'] },
  { path: '/customers', label: 'navCustomers', roles: FRONT_DESK },
  { path: '/hr', label: 'navHr', roles: ['OWNER', 'HR'] },
  { path: '/hq', label: 'navHq', roles: ['HQ_ADMIN'] },
  { path: '/performance', label: 'navPerformance', roles: ['OWNER', 'HR'] },
  { path: '/my-scorecard', label: 'navMyScorecard', roles: ['SUPERVISOR', 'AGENT', 'FIELD_STAFF'] },
];

export function sectionsFor(role: Role): Section[] {
  return SECTIONS.filter((section) => section.roles.includes(role));
}

/** The section a path belongs to (by prefix), if any. */
export function sectionOf(path: string): Section | undefined {
  return SECTIONS.find((section) => path === section.path || path.startsWith(`${section.path}/`));
}

export function homeOf(role: Role): string {
  return sectionsFor(role)[0]?.path ?? '/';
}
