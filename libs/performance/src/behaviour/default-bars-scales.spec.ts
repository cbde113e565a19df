import { describe, expect, it } from '@jest/globals';
import { DEFAULT_BARS_SCALES } from './default-bars-scales.js';

describe('default BARS scales', () => {
  it('are the six service behaviours of the manual', () => {
    expect(DEFAULT_BARS_SCALES.map((scale) => scale.dimension)).toEqual([
      'LISTENING',
      'EMPATHY',
      'RESPONSIVENESS',
      'KEEPING_COMMITMENTS',
      'BEYOND_EXPECTATIONS',
      'PRODUCT_KNOWLEDGE',
    ]);
  });

  it('fit the table: dimension codes, name and description lengths, five anchors of at most 500 characters', () => {
    for (const scale of DEFAULT_BARS_SCALES) {
      expect(scale.dimension).toMatch(/^[A-Z][A-Z0-9_]{1,39}$/);
      expect(scale.name.length).toBeLessThanOrEqual(80);
      expect(scale.description.length).toBeLessThanOrEqual(1000);
      expect(scale.anchors).toHaveLength(5);
      for (const anchor of scale.anchors) {
        expect(anchor.length).toBeGreaterThan(20);
        expect(anchor.length).toBeLessThanOrEqual(500);
      }
    }
  });

  it('anchor every level in Chinese and in English, each level different', () => {
    for (const scale of DEFAULT_BARS_SCALES) {
      for (const anchor of scale.anchors) {
        expect(anchor).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff]/);
        expect(anchor.match(/\b[A-Za-z]{2,}\b/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
      }
      expect(new Set(scale.anchors).size).toBe(5);
    }
  });
});
