import { useState } from 'react';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';
import { MATRIX_GEOMETRY, placePoint, quadrants, serviceTypeOf } from '../performance/matrix.js';

export interface AxisInput {
  input: string;
  value: number | null;
  weight: number;
}

export interface MatrixPoint {
  id: string;
  label: string;
  procedural: number | null;
  personal: number | null;
  proceduralInputs?: AxisInput[];
  personalInputs?: AxisInput[];
  /** The store's own mean, drawn as a diamond. */
  average?: boolean;
}

const fixed = (value: number | null | undefined) => (value == null ? '—' : value.toFixed(1));

/**
 * The four-type service matrix as an SVG scatter chart: procedural along x, personal along y,
 * threshold lines and quadrant labels; each point is labelled and keyboard-focusable, and focusing
 * it explains the inputs behind its position.
 */
export function ServiceMatrix({
  title,
  threshold,
  points,
}: {
  title: string;
  threshold: number;
  points: MatrixPoint[];
}) {
  const { t, language } = useI18n();
  const [focused, setFocused] = useState<string | null>(null);
  const { size, margin } = MATRIX_GEOMETRY;
  const line = placePoint(threshold, threshold);
  const explain = (p: MatrixPoint) => {
    const inputs = (list: AxisInput[] | undefined) =>
      list && list.length
        ? ` (${list
            .map(
              (i) =>
                `${enumLabel(language, i.input)} ${i.value == null ? t('noAxisData') : fixed(i.value)} × ${i.weight}`,
            )
            .join('; ')})`
        : '';
    const type = serviceTypeOf(p.procedural, p.personal, threshold);
    return `${p.label}: ${enumLabel(language, type)} — ${t('procedural')} ${fixed(p.procedural)}${inputs(
      p.proceduralInputs,
    )}; ${t('personal')} ${fixed(p.personal)}${inputs(p.personalInputs)}`;
  };
  const placed = points.filter((p) => p.procedural != null && p.personal != null);
  const missing = points.filter((p) => p.procedural == null || p.personal == null);
  const current = points.find((p) => p.id === focused);
  return (
    <figure className="chart matrix" data-testid="service-matrix">
      <figcaption>{title}</figcaption>
      <svg role="group" aria-label={title} width={size} height={size} viewBox={`0 0 ${size} ${size}`}>
        {quadrants(threshold).map((q) => (
          <g key={q.type} className={`quadrant ${q.type}`}>
            <rect x={q.x} y={q.y} width={q.width} height={q.height} />
            {/* Labels outside the plot (above the top quadrants, below the bottom ones): points never hide them. */}
            <text
              x={q.x + q.width / 2}
              y={q.y === margin ? margin - 8 : size - margin + 14}
              textAnchor="middle"
              fontSize={11}
              className="quadrant-label"
            >
              {enumLabel(language, q.type)}
            </text>
          </g>
        ))}
        <line className="threshold" x1={line.x} x2={line.x} y1={margin} y2={size - margin} />
        <line className="threshold" x1={margin} x2={size - margin} y1={line.y} y2={line.y} />
        <text x={size - margin - 3} y={line.y - 4} fontSize={10} textAnchor="end">
          {t('thresholdAt', { n: threshold })}
        </text>
        <text x={size / 2} y={size - 8} textAnchor="middle" fontSize={12}>
          {t('procedural')} →
        </text>
        <text x={12} y={size / 2} textAnchor="middle" fontSize={12} transform={`rotate(-90 12 ${size / 2})`}>
          {t('personal')} →
        </text>
        {placed.map((p) => {
          const { x, y } = placePoint(p.procedural!, p.personal!);
          return (
            <g
              key={p.id}
              tabIndex={0}
              role="img"
              aria-label={explain(p)}
              data-testid={`point-${p.id}`}
              className={`point${p.average ? ' average' : ''}${focused === p.id ? ' focused' : ''}`}
              onFocus={() => setFocused(p.id)}
              onBlur={() => setFocused((f) => (f === p.id ? null : f))}
              onMouseEnter={() => setFocused(p.id)}
            >
              <title>{explain(p)}</title>
              {p.average ? (
                <rect x={x - 6} y={y - 6} width={12} height={12} transform={`rotate(45 ${x} ${y})`} />
              ) : (
                <circle cx={x} cy={y} r={6} />
              )}
              <text
                x={x > size / 2 ? x - 9 : x + 9}
                y={y + 4}
                fontSize={11}
                textAnchor={x > size / 2 ? 'end' : 'start'}
              >
                {p.label}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="hint" aria-live="polite" data-testid="matrix-explanation">
        {current ? explain(current) : t('pointHint')}
      </p>
      {missing.length > 0 && (
        <p className="muted">
          {t('noAxisData')}: {missing.map((p) => p.label).join(', ')}
        </p>
      )}
    </figure>
  );
}

/** Grouped bars per role: counts of A, B and C, with a dashed mark at the target count of each grade. */
export function GradeDistributionChart({
  title,
  rows,
  shares,
}: {
  title: string;
  rows: Array<{ role: string; countA: number; countB: number; countC: number; ranked: number }>;
  shares: { A: number; B: number; C: number };
}) {
  const { language } = useI18n();
  const group = 150;
  const bar = 36;
  const height = 200;
  const top = 16;
  const bottom = 40;
  const max = Math.max(1, ...rows.flatMap((r) => [r.countA, r.countB, r.countC, r.ranked * shares.B]));
  const scale = (n: number) => ((height - top - bottom) * n) / max;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={title} width={Math.max(group, rows.length * group)} height={height}>
        {rows.map((r, i) =>
          (['A', 'B', 'C'] as const).map((grade, j) => {
            const count = grade === 'A' ? r.countA : grade === 'B' ? r.countB : r.countC;
            const target = r.ranked * shares[grade];
            const x = i * group + 8 + j * (bar + 6);
            const base = height - bottom;
            return (
              <g key={`${r.role}-${grade}`}>
                <title>{`${enumLabel(language, r.role)} ${grade}: ${count} / ${target.toFixed(1)}`}</title>
                <rect
                  x={x}
                  y={base - scale(count)}
                  width={bar}
                  height={scale(count)}
                  className={`bar grade-${grade}`}
                />
                <line
                  className="target"
                  x1={x - 2}
                  x2={x + bar + 2}
                  y1={base - scale(target)}
                  y2={base - scale(target)}
                />
                <text x={x + bar / 2} y={base - scale(count) - 3} textAnchor="middle" fontSize={11}>
                  {count}
                </text>
                <text x={x + bar / 2} y={base + 14} textAnchor="middle" fontSize={11}>
                  {grade}
                </text>
              </g>
            );
          }),
        )}
        {rows.map((r, i) => (
          <text
            key={r.role}
            x={i * group + 8 + (3 * bar + 12) / 2}
            y={height - 8}
            textAnchor="middle"
            fontSize={12}
          >
            {enumLabel(language, r.role)}
          </text>
        ))}
      </svg>
    </figure>
  );
}
