import { Role } from '@service-desk/core';
import type { FeatureIsolation } from './types.js';

const LAUNCH =
  'mutation($input: LaunchWinbackCampaignInput!) { launchWinbackCampaign(input: $input) { id state } }';

/** Win-back campaigns: another tenant's campaign, agent or zone answers NOT_FOUND. */
export const campaignsIsolation: FeatureIsolation = {
  feature: 'campaigns',
  tenantTables: ['campaigns'],
  async prepare(api, victim) {
    // Starting tomorrow: no worker touches it while the sweep compares it before and after.
    const tomorrow = new Date(Date.now() + 36 * 3_600_000).toISOString().slice(0, 10);
    const launched = await api.gql<{ launchWinbackCampaign: { id: string } }>(
      LAUNCH,
      { input: { name: 'Victim win-back', dailyCapPerAgent: 10, startDate: tomorrow } },
      await victim.tenant.token(Role.OWNER),
    );
    const campaignId = launched.data?.launchWinbackCampaign.id;
    if (!campaignId) throw new Error(`launchWinbackCampaign failed: ${JSON.stringify(launched.errors)}`);
    return { campaignId };
  },
  operations: [
    {
      name: 'campaign',
      role: Role.SUPERVISOR,
      table: 'campaigns',
      target: (victim) => victim.more.campaignId,
      query: 'query($id: ID!) { campaign(id: $id) { id name targeted } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'cancelCampaign',
      role: Role.OWNER,
      table: 'campaigns',
      target: (victim) => victim.more.campaignId,
      query: 'mutation($input: CancelCampaignInput!) { cancelCampaign(input: $input) { id state } }',
      variables: (id) => ({ input: { campaignId: id, reason: 'Hijacked' } }),
    },
    {
      name: 'launchWinbackCampaign',
      role: Role.OWNER,
      table: 'users',
      target: (victim) => victim.userId,
      query: LAUNCH,
      variables: (id) => ({ input: { name: 'Probe', agentIds: [id] } }),
    },
  ],
};
