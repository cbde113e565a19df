import { Args, Resolver } from '@nestjs/graphql';
import { Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { type ComplaintPolicy, ComplaintPolicyService } from './complaint-policy.service.js';
import type { Severity } from './sla.js';
import {
  CompensationLimitsType,
  PublishSlaFloorInput,
  SlaFloorObject,
  SlaPolicyObject,
  UpdateSlaPolicyInput,
} from './sla-policy.object.js';

const toSlaPolicy = (policy: ComplaintPolicy): SlaPolicyObject => ({
  firstReplyMinutes: policy.firstReplyMinutes,
  resolutionMinutes: policy.resolutionMinutes,
  revisitDays: policy.revisitDays,
  severityOverrides: Object.entries(policy.severityOverrides).map(([severity, targets]) => ({
    severity: severity as never,
    ...targets,
  })),
  businessHours: policy.businessHours,
  holidays: policy.holidays,
  timeZone: policy.timeZone,
  chainFloor: policy.floor,
});

@Resolver()
export class SlaPolicyResolver {
  constructor(private readonly policies: ComplaintPolicyService) {}

  @SecureQuery(() => SlaPolicyObject, {
    description: "The tenant's SLA policy.",
    allow: [Role.OWNER, Role.SUPERVISOR, Role.AGENT],
  })
  async slaPolicy(): Promise<SlaPolicyObject> {
    return toSlaPolicy(await this.policies.get());
  }

  @SecureMutation(() => SlaPolicyObject, {
    description:
      "Changes the SLA policy; targets looser than the chain's floor are refused. Open complaints keep their deadlines until their next change.",
    allow: [Role.OWNER],
  })
  async updateSlaPolicy(
    @Args('input', { description: 'What to do (see the input type).' }) input: UpdateSlaPolicyInput,
  ): Promise<SlaPolicyObject> {
    const severityOverrides = input.severityOverrides
      ? Object.fromEntries(
          input.severityOverrides.map(({ severity, firstReplyMinutes, resolutionMinutes }) => [
            severity as Severity,
            {
              ...(firstReplyMinutes ? { firstReplyMinutes } : {}),
              ...(resolutionMinutes ? { resolutionMinutes } : {}),
            },
          ]),
        )
      : undefined;
    return toSlaPolicy(
      await this.policies.updateSla({
        firstReplyMinutes: input.firstReplyMinutes,
        resolutionMinutes: input.resolutionMinutes,
        revisitDays: input.revisitDays,
        severityOverrides,
        businessHours: input.clearBusinessHours ? null : input.businessHours,
        holidays: input.holidays,
      }),
    );
  }

  @SecureQuery(() => CompensationLimitsType, {
    description: 'Compensation authority per role.',
    allow: [Role.OWNER, Role.SUPERVISOR, Role.AGENT],
  })
  async compensationLimits(): Promise<CompensationLimitsType> {
    const policy = await this.policies.get();
    return { agent: policy.agentCompensationLimit, supervisor: policy.supervisorCompensationLimit };
  }

  @SecureMutation(() => CompensationLimitsType, {
    description: 'Sets the compensation authority of agents and supervisors.',
    allow: [Role.OWNER],
  })
  async updateCompensationLimits(
    @Args('input', { description: 'What to do (see the input type).' }) input: CompensationLimitsType,
  ): Promise<CompensationLimitsType> {
    const policy = await this.policies.updateCompensationLimits(input.agent, input.supervisor);
    return { agent: policy.agentCompensationLimit, supervisor: policy.supervisorCompensationLimit };
  }

  @SecureMutation(() => SlaFloorObject, {
    description: 'HQ publishes the chain SLA floor that stores may tighten but not loosen.',
    allow: [Role.HQ_ADMIN],
  })
  publishSlaFloor(
    @Args('input', { description: 'What to do (see the input type).' }) input: PublishSlaFloorInput,
  ): Promise<SlaFloorObject> {
    const floor = Object.fromEntries(
      Object.entries(input).filter(([, value]) => value !== undefined && value !== null),
    );
    return this.policies.publishFloor(floor);
  }
}
