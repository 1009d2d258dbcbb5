// Horizontal bars with 95% interval whiskers, drawn with visx (scales, bars, axis) as plain SVG, so
// the same element can later be exported as a picture. Labels sit above their bars, so long answer
// texts fit a phone's width too.
import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, Line } from '@visx/shape';
import { useEffect, useRef, useState } from 'react';

export interface BarDatum {
  key: string;
  label: string;
  /** null: hidden (suppressed); `hiddenText` is written in its place. */
  value: number | null;
  interval: { lower: number; upper: number } | null;
  valueText: string;
}

const ROW = 38;
const LABEL = 15;
const BAR = 14;
const MARGIN = { top: 4, right: 56, bottom: 34, left: 4 };

/** The width of the element, following its resizes. */
function useWidth<T extends HTMLElement>(initial = 480) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

export function BarChart({
  data,
  max,
  label,
  hiddenText,
  tickFormat,
}: {
  data: BarDatum[];
  /** The axis's end (the same for every panel of a question, so panels compare). */
  max: number;
  label: string;
  hiddenText: string;
  tickFormat(value: number): string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const height = MARGIN.top + data.length * ROW + MARGIN.bottom;
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const x = scaleLinear<number>({ domain: [0, max], range: [0, innerWidth], nice: false, clamp: true });
  const y = scaleBand<string>({ domain: data.map((d) => d.key), range: [0, data.length * ROW], padding: 0 });
  const ticks = max <= 20 ? 4 : 5;
  return (
    <div ref={ref} className="chart">
      <svg width={width} height={height} role="img" aria-label={label} className="chart__svg">
        <Group left={MARGIN.left} top={MARGIN.top}>
          {x.ticks(ticks).map((tick) => (
            <Line key={tick} from={{ x: x(tick), y: 0 }} to={{ x: x(tick), y: data.length * ROW }} className="chart__grid" />
          ))}
          {data.map((d) => {
            const top = y(d.key) ?? 0;
            const barTop = top + LABEL + 4;
            const end = d.interval ? Math.max(x(d.interval.upper), x(d.value ?? 0)) : x(d.value ?? 0);
            return (
              <g key={d.key}>
                <text x={0} y={top + LABEL - 2} className="chart__label">
                  {d.label}
                </text>
                {d.value === null ? (
                  <>
                    <rect x={0.5} y={barTop + 0.5} width={Math.min(24, innerWidth)} height={BAR - 1} className="chart__hidden" />
                    <text x={30} y={barTop + BAR - 3} className="chart__value chart__value--hidden">
                      {hiddenText}
                    </text>
                  </>
                ) : (
                  <>
                    <Bar x={0} y={barTop} width={Math.max(1, x(d.value))} height={BAR} className="chart__bar" />
                    {d.interval && (
                      <g className="chart__whisker">
                        <Line from={{ x: x(d.interval.lower), y: barTop + BAR / 2 }} to={{ x: x(d.interval.upper), y: barTop + BAR / 2 }} />
                        <Line from={{ x: x(d.interval.lower), y: barTop + 2 }} to={{ x: x(d.interval.lower), y: barTop + BAR - 2 }} />
                        <Line from={{ x: x(d.interval.upper), y: barTop + 2 }} to={{ x: x(d.interval.upper), y: barTop + BAR - 2 }} />
                      </g>
                    )}
                    <text x={end + 5} y={barTop + BAR - 3} className="chart__value">
                      {d.valueText}
                    </text>
                  </>
                )}
              </g>
            );
          })}
          <AxisBottom
            top={data.length * ROW}
            scale={x}
            numTicks={ticks}
            tickFormat={(v) => tickFormat(Number(v))}
            axisClassName="chart__axis"
            tickLabelProps={{ className: 'chart__tick', textAnchor: 'middle' }}
          />
        </Group>
      </svg>
    </div>
  );
}
