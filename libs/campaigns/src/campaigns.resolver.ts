import { Args, ArgsType, Field, ID, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { CampaignState } from './campaign-lifecycle.js';
import { CampaignConnection, CampaignObject } from './campaign.object.js';
import { CampaignsService } from './campaigns.service.js';
import { CancelCampaignInput, LaunchWinbackCampaignInput } from './dto/campaign.input.js';

const MANAGERS = [Role.OWNER, Role.SUPERVISOR];
const READERS = [Role.OWNER, Role.SUPERVISOR, Role.AGENT, Role.HR];
const WHAT = { description: 'What to do (see the input type).' };

@ArgsType()
export class CampaignsArgs extends PageArgs {
  @Field(() => [CampaignState], { nullable: true, description: 'Only campaigns in these states.' })
  @IsOptional()
  @IsEnum(CampaignState, { each: true })
  states?: CampaignState[];
}

@ArgsType()
export class CampaignArgs {
  @Field(() => ID, { description: 'Campaign id.' })
  @IsString()
  @MaxLength(40)
  id!: string;
}

@Resolver(() => CampaignObject)
export class CampaignsResolver {
  constructor(private readonly service: CampaignsService) {}

  @SecureMutation(() => CampaignObject, {
    description:
      'Launches a win-back campaign: its job gives each targeted customer (consenting, not contacted recently) one CHURN_WINBACK revisit, balanced across agents with a daily cap.',
    allow: MANAGERS,
  })
  launchWinbackCampaign(@Args('input', WHAT) input: LaunchWinbackCampaignInput): Promise<CampaignObject> {
    return this.service.launchWinback(input);
  }

  @SecureMutation(() => CampaignObject, {
    description: 'Stops a queued or running campaign; its pending revisits are cancelled.',
    allow: MANAGERS,
  })
  cancelCampaign(@Args('input', WHAT) input: CancelCampaignInput): Promise<CampaignObject> {
    return this.service.cancel(input);
  }

  @SecureQuery(() => CampaignObject, {
    description: 'One campaign with its figures (targeted, reached, won back, rate) and progress.',
    allow: READERS,
  })
  campaign(@Args() args: CampaignArgs): Promise<CampaignObject> {
    return this.service.get(args.id);
  }

  @SecureQuery(() => CampaignConnection, { description: 'Campaigns, newest first.', allow: READERS })
  campaigns(@Args() args: CampaignsArgs): Promise<CampaignConnection> {
    return this.service.list(args);
  }
}
