import { describe, expect, it } from '@jest/globals';
import { orderedPair, pairCount, rankPairedComparison } from './paired-ranking.js';

const ann = { id: 'a', name: 'Ann' };
const bob = { id: 'b', name: 'Bob' };
const cai = { id: 'c', name: 'Cai' };
const dai = { id: 'd', name: 'Dai' };
const beat = (winnerId: string, loserId: string) => {
  const [firstId, secondId] = orderedPair(winnerId, loserId);
  return { firstId, secondId, winnerId };
};
const ranking = (standings: ReturnType<typeof rankPairedComparison>) => standings.map((s) => s.staffId);

describe('paired comparison ranking', () => {
  it('ranks by pairs won in a complete session', () => {
    const standings = rankPairedComparison([ann, bob, cai], [beat('c', 'a'), beat('c', 'b'), beat('b', 'a')]);
    expect(ranking(standings)).toEqual(['c', 'b', 'a']);
    expect(standings[0]).toEqual({ staffId: 'c', name: 'Cai', wins: 2, losses: 0, judged: 2, rank: 1 });
    expect(standings.map((s) => s.rank)).toEqual([1, 2, 3]);
  });

  it('breaks a tie of two by their head-to-head', () => {
    // Bob and Dai both have 2 wins; Dai beat Bob, so Dai comes first although "Bob" sorts first.
    const standings = rankPairedComparison(
      [ann, bob, cai, dai],
      [beat('b', 'a'), beat('b', 'c'), beat('d', 'b'), beat('d', 'a'), beat('c', 'd'), beat('a', 'c')],
    );
    expect(standings.map((s) => [s.staffId, s.wins])).toEqual([
      ['d', 2],
      ['b', 2],
      ['a', 1],
      ['c', 1],
    ]);
  });

  it('falls back to the name for a cycle A>B>C>A', () => {
    const standings = rankPairedComparison([cai, bob, ann], [beat('a', 'b'), beat('b', 'c'), beat('c', 'a')]);
    expect(ranking(standings)).toEqual(['a', 'b', 'c']);
    expect(standings.every((s) => s.wins === 1 && s.losses === 1)).toBe(true);
  });

  it('splits a three-way tie by the wins among the tied members', () => {
    const eve = { id: 'e', name: 'Eve' };
    // Ann, Bob and Cai have 2 wins each; among themselves Cai won twice, Ann once, Bob never.
    const standings = rankPairedComparison(
      [ann, bob, cai, dai, eve],
      [
        beat('c', 'a'),
        beat('c', 'b'),
        beat('a', 'b'),
        beat('b', 'd'),
        beat('b', 'e'),
        beat('a', 'd'),
        beat('e', 'a'),
        beat('d', 'c'),
        beat('e', 'c'),
        beat('e', 'd'),
      ],
    );
    expect(standings.map((s) => [s.staffId, s.wins])).toEqual([
      ['e', 3],
      ['c', 2],
      ['a', 2],
      ['b', 2],
      ['d', 1],
    ]);
  });

  it('ranks an incomplete session from the judged pairs only; members without a win tie and go by name', () => {
    const standings = rankPairedComparison([dai, cai, bob, ann], [beat('c', 'b')]);
    // Only Cai won a pair; Ann, Bob and Dai have no win and no judgement among themselves.
    expect(ranking(standings)).toEqual(['c', 'a', 'b', 'd']);
    expect(standings.find((s) => s.staffId === 'a')).toMatchObject({ wins: 0, losses: 0, judged: 0 });
    expect(standings.find((s) => s.staffId === 'b')).toMatchObject({ wins: 0, losses: 1, judged: 1 });
  });

  it('ranks a session with no judgement by name, then id for equal names', () => {
    const twin = { id: '0', name: 'Ann' };
    expect(ranking(rankPairedComparison([bob, ann, twin], []))).toEqual(['0', 'a', 'b']);
  });

  it('counts one judgement per pair (the last) and ignores pairs outside the session', () => {
    const standings = rankPairedComparison(
      [ann, bob],
      [beat('a', 'b'), { firstId: 'a', secondId: 'b', winnerId: 'b' }, beat('a', 'x'), beat('a', 'a')],
    );
    expect(standings.map((s) => [s.staffId, s.wins, s.judged])).toEqual([
      ['b', 1, 1],
      ['a', 0, 1],
    ]);
  });

  it('is independent of the order of contestants and judgements', () => {
    const judgements = [beat('a', 'b'), beat('b', 'c'), beat('c', 'a'), beat('d', 'a')];
    const one = rankPairedComparison([ann, bob, cai, dai], judgements);
    const two = rankPairedComparison([dai, cai, bob, ann], [...judgements].reverse());
    expect(two).toEqual(one);
  });

  it('counts the pairs of a session', () => {
    expect(pairCount(2)).toBe(1);
    expect(pairCount(30)).toBe(435);
  });
});
