/** The four types of customer service (procedure × personal warmth), as the API names them. */
export type ServiceType = 'EXCELLENT' | 'BUREAUCRATIC' | 'FRIENDLY_DISORGANIZED' | 'INDIFFERENT';

export const SERVICE_TYPES: readonly ServiceType[] = [
  'EXCELLENT',
  'BUREAUCRATIC',
  'FRIENDLY_DISORGANIZED',
  'INDIFFERENT',
];

/**
 * The quadrant of a point, by the same rule as the API: both axes at or above the threshold →
 * EXCELLENT, procedure only → BUREAUCRATIC, warmth only → FRIENDLY_DISORGANIZED, neither →
 * INDIFFERENT; null when an axis has no data.
 */
export function serviceTypeOf(
  procedural: number | null | undefined,
  personal: number | null | undefined,
  threshold: number,
): ServiceType | null {
  if (procedural == null || personal == null) return null;
  const strongProcedure = procedural >= threshold;
  const warm = personal >= threshold;
  if (strongProcedure && warm) return 'EXCELLENT';
  if (strongProcedure) return 'BUREAUCRATIC';
  if (warm) return 'FRIENDLY_DISORGANIZED';
  return 'INDIFFERENT';
}

/** The chart's drawing area: the plot is the square inside the margin. */
export interface MatrixGeometry {
  size: number;
  margin: number;
}

export const MATRIX_GEOMETRY: MatrixGeometry = { size: 420, margin: 44 };

const clamp = (value: number) => Math.min(100, Math.max(0, value));

/** SVG coordinates of a score pair: procedural along x (left → right), personal along y (bottom → top). */
export function placePoint(
  procedural: number,
  personal: number,
  { size, margin }: MatrixGeometry = MATRIX_GEOMETRY,
): { x: number; y: number } {
  const plot = size - 2 * margin;
  return {
    x: margin + (clamp(procedural) / 100) * plot,
    y: margin + plot - (clamp(personal) / 100) * plot,
  };
}

/** The four quadrant rectangles for a threshold, each with the type it stands for. */
export function quadrants(
  threshold: number,
  geometry: MatrixGeometry = MATRIX_GEOMETRY,
): Array<{ type: ServiceType; x: number; y: number; width: number; height: number }> {
  const { size, margin } = geometry;
  const low = margin;
  const high = size - margin;
  const { x: tx, y: ty } = placePoint(threshold, threshold, geometry);
  return [
    { type: 'FRIENDLY_DISORGANIZED', x: low, y: low, width: tx - low, height: ty - low },
    { type: 'EXCELLENT', x: tx, y: low, width: high - tx, height: ty - low },
    { type: 'INDIFFERENT', x: low, y: ty, width: tx - low, height: high - ty },
    { type: 'BUREAUCRATIC', x: tx, y: ty, width: high - tx, height: high - ty },
  ];
}
