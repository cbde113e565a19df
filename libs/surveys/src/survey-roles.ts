import { Role } from '@service-desk/core';

/** Who edits templates: the owner (DESIGN section 4, "setup of the tenant"). */
export const TEMPLATE_EDITORS = [Role.OWNER] as const;
/** Who reads templates: the revisit staff who use them and HR, who reads the report built on them. */
export const TEMPLATE_READERS = [Role.OWNER, Role.SUPERVISOR, Role.AGENT, Role.HR] as const;
/** Who invites customers and enters revisit answers: the "revisits" row of DESIGN section 4. */
export const SURVEY_STAFF = [Role.OWNER, Role.SUPERVISOR, Role.AGENT] as const;
/** Who reads the SERVQUAL report. */
export const REPORT_READERS = [Role.OWNER, Role.SUPERVISOR, Role.HR] as const;
