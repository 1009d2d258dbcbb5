// The line chart of a trend model (chart/trend-model.ts), as SVG: the waves along x, the estimate
// up the y axis (a percentage 0–100 or a mean), one line per series in the groups' colours, each
// point's 95% interval as a vertical whisker, a key above, and below the axis each wave's name (a
// wave left out as not comparable says so and has no points) and, with one line, each point's n.
// A hidden point is not drawn: its line breaks there and a note below names it. Drawn by hand
// beside BarChart.tsx (no chart library renders the same markup in the browser and on the server
// without a DOM); pure: the same markup for the same props.
import type { ReactNode } from 'react';
import { averageWidth, seriesColour, wrap, type TextLine, type TextWidth } from './BarChart.tsx';
import { COLOURS } from './colours.ts';
import type { TrendModel, TrendModelPoint, TrendSeries } from './trend-model.ts';

export interface TrendTexts {
  /** A point's figure, e.g. "32,0 %" or "3,41". */
  value(estimate: number): string;
  tick(value: number): string;
  /** Under a point's wave when the chart has one line, e.g. "n = 1 363". */
  n(n: number): string;
  /** Under a wave left out of the trend. */
  notComparable: string;
  /** The note for a hidden point, e.g. "Oulu 2021: piilotettu (alle 10 vastaajaa)". */
  hiddenPoint(series: TrendSeries, point: TrendModelPoint): string;
  /** The key's words for a place hidden in every wave. */
  hiddenSeries(series: TrendSeries): string;
}

const LAYOUTS = {
  screen: { pad: { top: 4, right: 16, bottom: 4, left: 48 }, plot: 240, size: 13, small: 12, key: 20 },
  file: { pad: { top: 24, right: 40, bottom: 24, left: 64 }, plot: 320, size: 15, small: 13, key: 24 },
} as const;

export interface TrendChartProps {
  model: TrendModel;
  width: number;
  layout: 'screen' | 'file';
  texts: TrendTexts;
  /** The <title> and <desc> elements, which name and describe the picture to assistive technology. */
  title: string;
  desc: string;
  header?: readonly TextLine[];
  footer?: readonly TextLine[];
  fontFamily?: string;
  background?: boolean;
  textWidth?: TextWidth;
  /** Prefix of the title's and desc's ids (unique on a page with several charts). */
  idPrefix?: string;
}

const lineHeight = (size: number) => (size >= 18 ? Math.round(size * 1.2) : Math.round(size * 1.4));

export function TrendChart({ model, width, layout, texts, title, desc, header = [], footer = [], fontFamily, background = false, textWidth = averageWidth, idPrefix = 'trend' }: TrendChartProps) {
  const L = LAYOUTS[layout];
  const out: ReactNode[] = [];
  let key = 0;
  let y = L.pad.top;
  const lineWidth = width - L.pad.left / 2 - L.pad.right;
  const text = (x: number, at: number, content: string, size: number, props: { bold?: boolean; muted?: boolean; italic?: boolean; anchor?: 'middle' | 'end'; className?: string; fill?: string } = {}) =>
    out.push(
      <text key={key++} x={x} y={at} fontSize={size} fontWeight={props.bold ? 'bold' : undefined} fontStyle={props.italic ? 'italic' : undefined} textAnchor={props.anchor} fill={props.fill ?? (props.muted ? COLOURS.muted : COLOURS.text)} className={props.className}>
        {content}
      </text>,
    );
  const lines = (list: readonly TextLine[]) => {
    for (const line of list) {
      y += line.gap ?? 0;
      for (const part of wrap(line.text, lineWidth, line.size, textWidth)) {
        y += lineHeight(line.size);
        text(L.pad.left / 2, y, part, line.size, { bold: line.bold, muted: line.muted });
      }
    }
  };
  lines(header);

  // The key: a line swatch and the series' name; a hidden place greyed with its reason.
  const drawn = model.series.filter((s) => s.hidden === null);
  const colourOf = (s: TrendSeries) => seriesColour(drawn.indexOf(s));
  for (const s of model.series) {
    y += L.key;
    if (s.hidden === null) {
      out.push(<line key={key++} x1={L.pad.left / 2} y1={y - L.size / 3} x2={L.pad.left / 2 + 22} y2={y - L.size / 3} stroke={colourOf(s)} style={{ stroke: colourOf(s) }} strokeWidth={3} className="trend__swatch" />);
      text(L.pad.left / 2 + 30, y, s.label, L.size, { bold: true, className: 'trend__key' });
    } else text(L.pad.left / 2, y, `${s.label}: ${texts.hiddenSeries(s)}`, L.size, { muted: true, italic: true, className: 'trend__key trend__key--hidden' });
  }
  y += L.key;

  const top = y;
  const bottom = top + L.plot;
  const inner = Math.max(1, width - L.pad.left - L.pad.right);
  const step = inner / Math.max(1, model.waves.length);
  const xOf = (at: number) => L.pad.left + (at + 0.5) * step;
  const span = model.axis.max - model.axis.min || 1;
  const yOf = (v: number) => bottom - ((Math.min(model.axis.max, Math.max(model.axis.min, v)) - model.axis.min) / span) * L.plot;
  for (const tick of model.axis.ticks) {
    out.push(<line key={key++} x1={L.pad.left} y1={yOf(tick)} x2={L.pad.left + inner} y2={yOf(tick)} stroke={COLOURS.line} strokeWidth={1} className="trend__grid" />);
    text(L.pad.left - 6, yOf(tick) + L.small / 3, texts.tick(tick), L.small, { muted: true, anchor: 'end', className: 'trend__tick' });
  }
  out.push(<line key={key++} x1={L.pad.left} y1={bottom} x2={L.pad.left + inner} y2={bottom} stroke={COLOURS.border} className="trend__axis" />);

  // Several lines at one wave stand a little apart, so that their whiskers do not cover each other.
  const dodge = (i: number) => (drawn.length > 1 ? (i - (drawn.length - 1) / 2) * Math.min(10, step / (drawn.length + 2)) : 0);
  // Figures beside the points only for a single line: several lines' figures at one wave overlap (the tables have them).
  const labelled = drawn.length === 1;
  drawn.forEach((s, i) => {
    const colour = colourOf(s);
    const px = (p: TrendModelPoint) => xOf(p.at) + dodge(i);
    for (const run of s.runs) {
      if (run.length < 2) continue;
      const d = run.map((j) => `${px(s.points[j]!)},${yOf(s.points[j]!.estimate!)}`).join(' ');
      out.push(<polyline key={key++} points={d} fill="none" stroke={colour} style={{ stroke: colour }} strokeWidth={2.5} className="trend__line" data-series={s.key} />);
    }
    for (const p of s.points) {
      if (p.hidden !== null) continue;
      const x = px(p);
      if (p.interval) {
        const [hi, lo] = [yOf(p.interval.upper), yOf(p.interval.lower)];
        out.push(
          <g key={key++} stroke={colour} style={{ stroke: colour }} strokeWidth={1.5} className="trend__whisker" data-series={s.key} data-wave={p.wave}>
            <line x1={x} y1={hi} x2={x} y2={lo} />
            <line x1={x - 4} y1={hi} x2={x + 4} y2={hi} />
            <line x1={x - 4} y1={lo} x2={x + 4} y2={lo} />
          </g>,
        );
      }
      out.push(<circle key={key++} cx={x} cy={yOf(p.estimate!)} r={4.5} fill={colour} style={{ fill: colour }} stroke={COLOURS.page} strokeWidth={1.5} className="trend__point" data-series={s.key} data-wave={p.wave} />);
      if (labelled) text(x + 8, yOf(p.estimate!) - 6, texts.value(p.estimate!), L.small, { bold: true, className: 'trend__value' });
    }
  });

  // Under the axis: each wave's name, a left-out wave's note, and with one line each point's n.
  y = bottom + lineHeight(L.size);
  const single = model.series.length === 1 ? model.series[0] : undefined;
  model.waves.forEach((w, at) => {
    text(xOf(at), y, w.wave, L.size, { bold: true, anchor: 'middle', className: 'trend__wave' });
    if (!w.included) text(xOf(at), y + lineHeight(L.small), texts.notComparable, L.small, { muted: true, italic: true, anchor: 'middle', className: 'trend__excluded' });
    else if (single) {
      const p = single.points.find((x) => x.at === at);
      if (p?.n !== null && p?.n !== undefined) text(xOf(at), y + lineHeight(L.small), texts.n(p.n), L.small, { muted: true, anchor: 'middle', className: 'trend__n' });
    }
  });
  y += lineHeight(L.small) + 4;
  // A note per hidden point of a shown place: the gap in its line explained.
  const notes = drawn.flatMap((s) => s.points.filter((p) => p.hidden !== null).map((p) => texts.hiddenPoint(s, p)));
  lines(notes.map((n) => ({ text: n, size: L.small, muted: true })));
  lines(footer);
  const height = Math.ceil(y + L.pad.bottom + 4);
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${idPrefix}-title ${idPrefix}-desc`} fontFamily={fontFamily} className="trend__svg">
      <title id={`${idPrefix}-title`}>{title}</title>
      <desc id={`${idPrefix}-desc`}>{desc}</desc>
      {background && <rect width="100%" height="100%" fill={COLOURS.page} />}
      {out}
    </svg>
  );
}
