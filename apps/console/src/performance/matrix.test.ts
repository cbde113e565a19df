import { describe, expect, it } from 'vitest';
import { MATRIX_GEOMETRY, placePoint, quadrants, serviceTypeOf } from './matrix.js';

describe('service-type matrix', () => {
  it('classifies like the API: at the threshold counts as strong', () => {
    expect(serviceTypeOf(70, 70, 70)).toBe('EXCELLENT');
    expect(serviceTypeOf(90, 69.99, 70)).toBe('BUREAUCRATIC');
    expect(serviceTypeOf(10, 95, 70)).toBe('FRIENDLY_DISORGANIZED');
    expect(serviceTypeOf(0, 0, 70)).toBe('INDIFFERENT');
    expect(serviceTypeOf(null, 80, 70)).toBeNull();
    expect(serviceTypeOf(80, undefined, 70)).toBeNull();
  });

  it('places procedural left to right and personal bottom to top, clamped to the plot', () => {
    const { size, margin } = MATRIX_GEOMETRY;
    expect(placePoint(0, 0)).toEqual({ x: margin, y: size - margin });
    expect(placePoint(100, 100)).toEqual({ x: size - margin, y: margin });
    expect(placePoint(150, -20)).toEqual({ x: size - margin, y: size - margin });
    const mid = placePoint(50, 50);
    expect(mid.x).toBeCloseTo(size / 2);
    expect(mid.y).toBeCloseTo(size / 2);
  });

  it('puts every point inside the quadrant of its own type', () => {
    const threshold = 70;
    const areas = quadrants(threshold);
    for (const [procedural, personal] of [
      [95, 90],
      [80, 20],
      [30, 75],
      [10, 10],
      [70, 70],
    ] as const) {
      const { x, y } = placePoint(procedural, personal);
      const inside = areas.filter((q) => x >= q.x && x <= q.x + q.width && y >= q.y && y <= q.y + q.height);
      expect(inside.map((q) => q.type)).toContain(serviceTypeOf(procedural, personal, threshold));
    }
    expect(areas.map((q) => q.type).sort()).toEqual(
      ['BUREAUCRATIC', 'EXCELLENT', 'FRIENDLY_DISORGANIZED', 'INDIFFERENT'].sort(),
    );
  });
});
