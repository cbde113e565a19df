import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type ApiRequest } from '@service-desk/auth';
import { requestLoader, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { ContactVisibility, CustomerObject } from '@service-desk/customers';
import {
  AdjustPointsInput,
  CustomerPageArgs,
  EarnPointsInput,
  ImportVisitsInput,
  RecordVisitInput,
  RedeemPointsInput,
  UpdateLoyaltySettingsInput,
} from './dto/loyalty.input.js';
import {
  LoyaltySettingsObject,
  PointsPostingConnection,
  PointsPostingObject,
  VisitConnection,
  VisitImportResultObject,
  VisitObject,
} from './loyalty.objects.js';
import { LoyaltySettingsService } from './loyalty-settings.service.js';
import { PointsService } from './points.service.js';
import { VisitsService } from './visits.service.js';

const FRONT_DESK = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];
/** Loyalty data is customer data: the front desk, and HR (which sees contact data masked). */
const READERS = [...FRONT_DESK, Role.HR];

@Resolver()
export class LoyaltyResolver {
  constructor(
    private readonly visitLog: VisitsService,
    private readonly points: PointsService,
    private readonly settings: LoyaltySettingsService,
  ) {}

  @SecureMutation(() => VisitObject, {
    description:
      "Records a customer's visit; idempotent by externalRef (same reference and data returns the visit, different data is CONFLICT). A visit by a CHURNED customer marks them WON_BACK, by an AT_RISK one ACTIVE.",
    allow: FRONT_DESK,
  })
  recordVisit(@Args('input', { description: 'The visit.' }) input: RecordVisitInput): Promise<VisitObject> {
    return this.visitLog.record(input);
  }

  @SecureMutation(() => VisitImportResultObject, {
    description:
      'Imports visits from a CSV file: valid rows are recorded (idempotent by externalRef, so importing the same file again records nothing twice), every other row is reported with its line, column and reason.',
    allow: [Role.OWNER, Role.SUPERVISOR],
  })
  importVisits(
    @Args('input', { description: 'The CSV file.' }) input: ImportVisitsInput,
  ): Promise<VisitImportResultObject> {
    return this.visitLog.import(input.csv);
  }

  @SecureQuery(() => VisitConnection, { description: "A customer's visits, newest first.", allow: READERS })
  visits(@Args() args: CustomerPageArgs): Promise<VisitConnection> {
    return this.visitLog.list(args.customerId, args.first, args.after);
  }

  @SecureMutation(() => PointsPostingObject, {
    description:
      'Credits points to a customer (kind EARN). Retrying with the same idempotencyKey returns the original posting.',
    allow: FRONT_DESK,
  })
  earnPoints(
    @Args('input', { description: 'The points to credit.' }) input: EarnPointsInput,
  ): Promise<PointsPostingObject> {
    return this.points.earn(input);
  }

  @SecureMutation(() => PointsPostingObject, {
    description:
      'Spends points of a customer (kind REDEEM); never more than the balance (CONFLICT "Insufficient points"), even under concurrent redemptions.',
    allow: FRONT_DESK,
  })
  redeemPoints(
    @Args('input', { description: 'The points to spend.' }) input: RedeemPointsInput,
  ): Promise<PointsPostingObject> {
    return this.points.redeem(input);
  }

  @SecureMutation(() => PointsPostingObject, {
    description: 'Corrects a balance up or down (kind ADJUST), with a reason; owners and supervisors only.',
    allow: [Role.OWNER, Role.SUPERVISOR],
  })
  adjustPoints(
    @Args('input', { description: 'The correction.' }) input: AdjustPointsInput,
  ): Promise<PointsPostingObject> {
    return this.points.adjust(input);
  }

  @SecureQuery(() => PointsPostingConnection, {
    description: "A customer's points ledger, newest first.",
    allow: READERS,
  })
  pointsLedger(@Args() args: CustomerPageArgs): Promise<PointsPostingConnection> {
    return this.points.ledger(args.customerId, args.first, args.after);
  }

  @SecureQuery(() => LoyaltySettingsObject, {
    description: "The tenant's loyalty rules (tier thresholds, grace, points expiry, churn thresholds).",
    allow: [...FRONT_DESK, Role.HR],
  })
  loyaltySettings(): Promise<LoyaltySettingsObject> {
    return this.settings.get();
  }

  @SecureMutation(() => LoyaltySettingsObject, {
    description: "Changes the tenant's loyalty rules; the next nightly run applies them.",
    allow: [Role.OWNER],
  })
  updateLoyaltySettings(
    @Args('input', { description: 'The rules to change.' }) input: UpdateLoyaltySettingsInput,
  ): Promise<LoyaltySettingsObject> {
    return this.settings.update(input);
  }
}

/** Loyalty fields of the Customer type. */
@Resolver(() => CustomerObject)
export class CustomerLoyaltyResolver {
  constructor(private readonly points: PointsService) {}

  @ResolveField(() => Int, {
    nullable: true,
    description: 'Points balance; hidden from field staff.',
  })
  pointsBalance(@Parent() customer: CustomerObject, @Context('req') req: ApiRequest): Promise<number> | null {
    const actor = req.actor;
    if (!actor || customer.contactVisibility === ContactVisibility.HIDDEN) return null;
    return requestLoader<string, number>(req, 'pointsBalanceByCustomer', (ids) =>
      this.points.balances(actor.tenantId, ids),
    ).load(customer.id);
  }
}
