import type { Role } from '@service-desk/core';
import type { ApiHarness } from '../../support/api.js';

export type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

/** What tenant A owns that tenant B will aim at. */
export interface Victim {
  tenant: Tenant;
  customerId: string;
  userId: string;
  complaintId: string;
  zoneId: string;
  rosterEntryId: string;
  workOrderId: string;
  /** Ids of rows the feature files create with `prepare` (keyed by the feature's own names). */
  more: Record<string, string>;
}

export interface IdOperation {
  /** Operation name in the schema. */
  name: string;
  /** Role of tenant B that is allowed to call the operation in its own tenant. */
  role: Role;
  /** The table whose row the id names, to compare it before and after. */
  table: string;
  target: (victim: Victim) => string;
  query: string;
  /** Variables aiming at `id`; the attacking tenant supplies its own ids where one is needed. */
  variables: (id: string, attacker: Tenant) => Record<string, unknown>;
  /** Lists filtered by a foreign id answer an empty page (nothing to tell apart), not NOT_FOUND. */
  emptyList?: boolean;
}

/**
 * A feature's part of the isolation sweep: `prepare` creates the victim tenant's rows of the feature
 * (through the API, as that tenant) and returns their ids, which land in `victim.more`; `operations`
 * aim at them from another tenant. Tables listed in `tenantTables` are checked for forced RLS.
 */
export interface FeatureIsolation {
  feature: string;
  tenantTables?: string[];
  prepare?: (api: ApiHarness, victim: Victim) => Promise<Record<string, string>>;
  operations: IdOperation[];
}
