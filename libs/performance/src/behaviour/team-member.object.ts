import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '@service-desk/core';

/** Why a staff member is on a supervisor's team (team-rule.ts). */
export enum TeamTieKind {
  ZONE = 'ZONE',
  SHIFT = 'SHIFT',
}

registerEnumType(TeamTieKind, {
  name: 'TeamTie',
  description: "Why a staff member is on a supervisor's team.",
  valuesMap: {
    ZONE: { description: 'Rostered in a zone the supervisor is responsible for.' },
    SHIFT: { description: 'Rostered on the same shift on the same date as the supervisor.' },
  },
});

@ObjectType('TeamMember', {
  description: "A member of the signed-in supervisor's team: whom they may rate and compare.",
})
export class TeamMemberObject {
  @Field(() => ID, { description: 'The staff member.' })
  staffId!: string;

  @Field({ description: 'Their name.' })
  name!: string;

  @Field(() => Role, { description: 'Their role (agent or field staff).' })
  role!: Role;

  @Field(() => TeamTieKind, { description: 'Why they are on the team.' })
  tie!: TeamTieKind;
}
