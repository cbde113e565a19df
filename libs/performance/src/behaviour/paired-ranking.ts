/**
 * Paired comparison (成对比较法) turned into a rank, as a pure function: each member's score is the
 * number of pairs they won. Ties are broken deterministically: first by the wins among the tied
 * members only (for two members that is their head-to-head), applied again to any smaller group that
 * stays tied, then by name and id. A cycle (A beats B, B beats C, C beats A) leaves the mini-league
 * tied as well, so the names decide. Pairs not judged yet count for nobody.
 */
export interface PairedContestant {
  id: string;
  name: string;
}

export interface PairJudgement {
  firstId: string;
  secondId: string;
  winnerId: string;
}

export interface PairedStanding {
  staffId: string;
  name: string;
  /** Pairs won. */
  wins: number;
  /** Pairs lost. */
  losses: number;
  /** Pairs judged that involve this member. */
  judged: number;
  /** 1 for the best; unique positions after the tie-breaks. */
  rank: number;
}

/** Number of pairs among n members. */
export const pairCount = (n: number): number => (n * (n - 1)) / 2;

/** The canonical order of a pair (the smaller id first), as the judgements table stores it. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

const byNameThenId = (a: PairedContestant, b: PairedContestant): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export function rankPairedComparison(
  contestants: readonly PairedContestant[],
  judgements: readonly PairJudgement[],
): PairedStanding[] {
  const members = new Set(contestants.map((c) => c.id));
  // Only judgements between two members, one per pair (the last one wins, like an upsert).
  const pairs = new Map<string, PairJudgement>();
  for (const judgement of judgements) {
    const { firstId, secondId, winnerId } = judgement;
    if (firstId === secondId || !members.has(firstId) || !members.has(secondId)) continue;
    if (winnerId !== firstId && winnerId !== secondId) continue;
    const [a, b] = orderedPair(firstId, secondId);
    pairs.set(`${a}|${b}`, { firstId: a, secondId: b, winnerId });
  }
  const valid = [...pairs.values()];

  /** Wins of each member counting only pairs inside `group`. */
  const winsWithin = (group: ReadonlySet<string>): Map<string, number> => {
    const wins = new Map<string, number>([...group].map((id) => [id, 0]));
    for (const pair of valid) {
      if (group.has(pair.firstId) && group.has(pair.secondId))
        wins.set(pair.winnerId, (wins.get(pair.winnerId) ?? 0) + 1);
    }
    return wins;
  };

  /** Orders a group by wins within it; groups still tied are split again, or fall back to name and id. */
  const order = (group: PairedContestant[]): PairedContestant[] => {
    if (group.length <= 1) return group;
    const wins = winsWithin(new Set(group.map((c) => c.id)));
    const levels = [...new Set(group.map((c) => wins.get(c.id) ?? 0))].sort((x, y) => y - x);
    if (levels.length === 1) return [...group].sort(byNameThenId);
    return levels.flatMap((level) => order(group.filter((c) => (wins.get(c.id) ?? 0) === level)));
  };

  const ordered = order([...contestants]);
  return ordered.map((contestant, index) => {
    let wins = 0;
    let losses = 0;
    for (const pair of valid) {
      if (pair.firstId !== contestant.id && pair.secondId !== contestant.id) continue;
      if (pair.winnerId === contestant.id) wins += 1;
      else losses += 1;
    }
    return {
      staffId: contestant.id,
      name: contestant.name,
      wins,
      losses,
      judged: wins + losses,
      rank: index + 1,
    };
  });
}
