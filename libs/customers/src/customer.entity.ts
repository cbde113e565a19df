import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type CustomerTier = 'STANDARD' | 'SILVER' | 'GOLD' | 'PREMIUM';
export type CustomerStatus = 'ACTIVE' | 'AT_RISK' | 'CHURNED' | 'WON_BACK';

@Entity('customers')
export class CustomerEntity {
  @PrimaryColumn('uuid')
  tenantId!: string;

  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  memberNumber!: string | null;

  @Column('text', { nullable: true })
  address!: string | null;

  @Column('text')
  tier!: CustomerTier;

  @Column('boolean')
  consentToContact!: boolean;

  @Column('text')
  status!: CustomerStatus;

  /** Maintained by the loyalty lib when a visit is recorded. */
  @Column('timestamptz', { nullable: true })
  lastVisitAt!: Date | null;

  @Column('integer', { default: 0 })
  visitCount!: number;

  @Column('text', { nullable: true, select: false })
  idempotencyKey!: string | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
