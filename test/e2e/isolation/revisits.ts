import { Role } from '@service-desk/core';
import { resolveComplaint } from '../../support/revisits.js';
import type { FeatureIsolation, IdOperation } from './types.js';

/** A revisit mutation of tenant B aimed at tenant A's revisit. */
const revisitAction = (
  name: string,
  inputType: string,
  role: Role,
  input: (id: string, attacker: Parameters<IdOperation['variables']>[1]) => Record<string, unknown>,
): IdOperation => ({
  name,
  role,
  table: 'revisit_tasks',
  target: (victim) => victim.more.revisitId,
  query: `mutation($input: ${inputType}!) { ${name}(input: $input) { id status } }`,
  variables: (id, attacker) => ({ input: input(id, attacker) }),
});

/** Revisits: every operation that takes an id, aimed at tenant A's revisit, customer and zone. */
export const REVISITS_ISOLATION: FeatureIsolation = {
  feature: 'revisits',
  tenantTables: ['revisit_tasks', 'revisit_attempts', 'revisit_settings'],
  async prepare(api, victim) {
    // The victim's own complaint, resolved: the sweep counts the victim's customers.
    return { revisitId: await resolveComplaint(api, victim.tenant, victim.complaintId) };
  },
  operations: [
    {
      name: 'revisitTask',
      role: Role.AGENT,
      table: 'revisit_tasks',
      target: (victim) => victim.more.revisitId,
      query: 'query($id: ID!) { revisitTask(id: $id) { id notes } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'revisitTasks',
      role: Role.AGENT,
      table: 'customers',
      target: (victim) => victim.customerId,
      query: 'query($id: ID) { revisitTasks(first: 10, customerId: $id) { edges { node { id } } } }',
      variables: (id) => ({ id }),
      emptyList: true,
    },
    {
      name: 'revisitHistory',
      role: Role.AGENT,
      table: 'customers',
      target: (victim) => victim.customerId,
      query: 'query($id: ID) { revisitHistory(first: 10, customerId: $id) { edges { node { id } } } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'revisitArchive',
      role: Role.SUPERVISOR,
      table: 'zones',
      target: (victim) => victim.zoneId,
      query: 'query($id: ID) { revisitArchive(zoneId: $id) { csv } }',
      variables: (id) => ({ id }),
    },
    revisitAction('logRevisitAttempt', 'LogRevisitAttemptInput', Role.AGENT, (id) => ({
      revisitId: id,
      channel: 'PHONE',
      reached: false,
    })),
    revisitAction('completeRevisit', 'CompleteRevisitInput', Role.AGENT, (id) => ({
      revisitId: id,
      satisfaction: 1,
    })),
    revisitAction('cancelRevisit', 'CancelRevisitInput', Role.SUPERVISOR, (id) => ({
      revisitId: id,
      reason: 'Probe',
    })),
    revisitAction('reassignRevisit', 'ReassignRevisitInput', Role.SUPERVISOR, (id, attacker) => ({
      revisitId: id,
      assigneeId: attacker.users.AGENT.id,
    })),
  ],
};
