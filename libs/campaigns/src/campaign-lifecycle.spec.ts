import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@service-desk/core';
import { CampaignState, nextCampaignState, type CampaignAction } from './campaign-lifecycle.js';

describe('campaign lifecycle', () => {
  it('queued → running → completed, and cancel while unfinished', () => {
    expect(nextCampaignState(CampaignState.QUEUED, 'start')).toBe(CampaignState.RUNNING);
    expect(nextCampaignState(CampaignState.RUNNING, 'complete')).toBe(CampaignState.COMPLETED);
    expect(nextCampaignState(CampaignState.QUEUED, 'cancel')).toBe(CampaignState.CANCELLED);
    expect(nextCampaignState(CampaignState.RUNNING, 'cancel')).toBe(CampaignState.CANCELLED);
  });

  it('refuses every move out of a finished campaign with INVALID_TRANSITION', () => {
    for (const state of [CampaignState.COMPLETED, CampaignState.CANCELLED]) {
      for (const action of ['start', 'complete', 'cancel'] as CampaignAction[]) {
        let error: unknown;
        try {
          nextCampaignState(state, action);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('INVALID_TRANSITION');
      }
    }
    expect(() => nextCampaignState(CampaignState.RUNNING, 'start')).toThrow(DomainError);
  });
});
