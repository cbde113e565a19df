import { DomainError, ErrorCode } from '@service-desk/core';

/** Where a campaign is: queued at launch, running while its job creates revisits, then done. */
export enum CampaignState {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

export type CampaignAction = 'start' | 'complete' | 'cancel';

/** Every allowed move; anything else is INVALID_TRANSITION. */
export const CAMPAIGN_TRANSITIONS: Record<CampaignAction, { from: CampaignState[]; to: CampaignState }> = {
  start: { from: [CampaignState.QUEUED], to: CampaignState.RUNNING },
  complete: { from: [CampaignState.QUEUED, CampaignState.RUNNING], to: CampaignState.COMPLETED },
  cancel: { from: [CampaignState.QUEUED, CampaignState.RUNNING], to: CampaignState.CANCELLED },
};

/** States in which the campaign's job still has work to do. */
export const UNFINISHED_STATES: readonly CampaignState[] = [CampaignState.QUEUED, CampaignState.RUNNING];

export function nextCampaignState(state: CampaignState, action: CampaignAction): CampaignState {
  const move = CAMPAIGN_TRANSITIONS[action];
  if (!move.from.includes(state)) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `A ${state} campaign cannot ${action}`, {
      state,
      action,
    });
  }
  return move.to;
}
