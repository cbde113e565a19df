import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type TenantKind = 'HQ' | 'STORE';

@Entity('tenants')
export class TenantEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  chainId!: string;

  @Column('text')
  kind!: TenantKind;

  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  @Column('text')
  timeZone!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
