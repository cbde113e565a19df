import { newId, Role } from '@service-desk/core';
import { asOwner } from '@service-desk/testing';
import type { FeatureIsolation } from './types.js';

/**
 * Notifications: the worker writes outbound messages (no API creates one), so `prepare` queues a FAILED
 * acknowledgement for the victim's complaint directly; another store can neither list it by complaint
 * nor retry it.
 */
export const NOTIFICATIONS_ISOLATION: FeatureIsolation = {
  feature: 'notifications',
  tenantTables: ['outbound_messages', 'notification_cursors', 'inbound_mails'],
  async prepare(_api, victim) {
    const id = newId();
    await asOwner(victim.tenant.tenantId, (client) =>
      client.query(
        `INSERT INTO outbound_messages (tenant_id, id, customer_id, complaint_id, channel, template, recipient, subject, body,
           status, attempts, last_error, dedupe_key)
         VALUES ($1, $2, $3, $4, 'EMAIL', 'ACKNOWLEDGEMENT', 'victim@example.com', '已受理', '正文', 'FAILED', 5, '451 busy', $5)`,
        [victim.tenant.tenantId, id, victim.customerId, victim.complaintId, `isolation:${id}`],
      ),
    );
    return { outboundMessageId: id };
  },
  operations: [
    {
      name: 'outboundMessages',
      role: Role.OWNER,
      table: 'complaints',
      target: (victim) => victim.complaintId,
      query: 'query($id: ID) { outboundMessages(first: 10, complaintId: $id) { edges { node { id } } } }',
      variables: (id) => ({ id }),
      emptyList: true,
    },
    {
      name: 'retryMessage',
      role: Role.SUPERVISOR,
      table: 'outbound_messages',
      target: (victim) => victim.more.outboundMessageId,
      query: 'mutation($input: RetryMessageInput!) { retryMessage(input: $input) { id status } }',
      variables: (id) => ({ input: { messageId: id } }),
    },
  ],
};
