import { Args, Context, Resolver } from '@nestjs/graphql';
import { IsString, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field } from '@nestjs/graphql';
import type { ApiRequest } from '@service-desk/auth';
import { SecureMutation, SecureQuery } from '@service-desk/core';
import { PublicComplaintReceipt, PublicComplaintStatus } from './complaint.object.js';
import { SubmitPublicComplaintInput } from './dto/submit-complaint.input.js';
import { PublicIntakeService } from './public-intake.service.js';

@ArgsType()
export class ComplaintStatusArgs {
  @Field({ description: 'The code given when the complaint was filed (CT-XXXXX-XXXXX).' })
  @IsString()
  @MaxLength(20)
  @Matches(/^CT-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/, { message: 'trackingCode looks like CT-XXXXX-XXXXX' })
  trackingCode!: string;
}

@Resolver()
export class PublicIntakeResolver {
  constructor(private readonly intake: PublicIntakeService) {}

  @SecureMutation(() => PublicComplaintReceipt, {
    description: 'Files a complaint from the public web form (no login); rate-limited per address and store.',
    allow: 'public',
  })
  submitPublicComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: SubmitPublicComplaintInput,
    @Context('req') req: ApiRequest,
  ): Promise<PublicComplaintReceipt> {
    return this.intake.submit(input, req.ip ?? 'unknown');
  }

  @SecureQuery(() => PublicComplaintStatus, {
    description: 'State and public messages of a complaint, by tracking code (no login).',
    allow: 'public',
  })
  complaintStatus(
    @Args() args: ComplaintStatusArgs,
    @Context('req') req: ApiRequest,
  ): Promise<PublicComplaintStatus> {
    return this.intake.status(args.trackingCode, req.ip ?? 'unknown');
  }
}
