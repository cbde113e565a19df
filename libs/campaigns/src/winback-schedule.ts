/**
 * How a win-back campaign spreads its revisits (DESIGN section 6.4): the n-th revisit of the campaign
 * (n from 0, in customer order) goes to agent n mod pool, round robin, so no agent ever has more than
 * one revisit above another; a day holds pool × cap revisits, so the n-th is due on day
 * floor(n / (pool × cap)) after the start date. The job computes the same in SQL (`WINBACK_SLOT_SQL`).
 */
export interface WinbackSlot {
  /** Index into the campaign's agent pool. */
  agentIndex: number;
  /** Days after the campaign's start date. */
  dayOffset: number;
}

export function winbackSlot(ordinal: number, poolSize: number, dailyCap: number): WinbackSlot {
  if (!Number.isInteger(ordinal) || ordinal < 0) throw new RangeError('ordinal must be a whole number >= 0');
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new RangeError('the agent pool must not be empty');
  if (!Number.isInteger(dailyCap) || dailyCap < 1) throw new RangeError('the daily cap must be at least 1');
  return { agentIndex: ordinal % poolSize, dayOffset: Math.floor(ordinal / (poolSize * dailyCap)) };
}

/** How many days a campaign of `targets` revisits spans (0 for none). */
export function winbackDays(targets: number, poolSize: number, dailyCap: number): number {
  return targets === 0 ? 0 : winbackSlot(targets - 1, poolSize, dailyCap).dayOffset + 1;
}

/** Per agent index, per day offset: how many revisits the plan gives (what the caps bound). */
export function winbackLoad(targets: number, poolSize: number, dailyCap: number): number[][] {
  const days = winbackDays(targets, poolSize, dailyCap);
  const load = Array.from({ length: poolSize }, () => new Array<number>(days).fill(0));
  for (let n = 0; n < targets; n++) {
    const slot = winbackSlot(n, poolSize, dailyCap);
    load[slot.agentIndex][slot.dayOffset] += 1;
  }
  return load;
}

/**
 * The same arithmetic in SQL, for the set-based insert: given the SQL expressions of the ordinal, the
 * pool (uuid[]) and the cap, the assignee and the due time (end of the business day, 18:00 in the
 * tenant's time zone, on start date + day offset).
 */
export function winbackSlotSql(
  ordinal: string,
  pool: string,
  cap: string,
  startDate: string,
  timeZone: string,
) {
  return {
    assignee: `(${pool})[(${ordinal}) % cardinality(${pool}) + 1]`,
    dueAt: `((${startDate})::date + ((${ordinal}) / (cardinality(${pool}) * (${cap})))::int + time '18:00') AT TIME ZONE ${timeZone}`,
  };
}
