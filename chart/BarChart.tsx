// The bar chart of a chart model, as SVG: each answer's label above its bar, the 95% interval as a
// whisker, the figure after it, a hidden cell as an empty dashed box with its reason. The
// workspace draws it in each group's panel; the server renders it with react-dom/server's
// renderToStaticMarkup into the SVG and PNG files (one panel per group, with the titles and notes
// around them). Pure: no hooks, no DOM, the same markup for the same props.
//
// Every element carries its colours and sizes as attributes (a file has no style sheet) and a
// `chart__…` class, so the workspace's style sheet can restyle it. Texts are direct children of
// the <svg>, in reading order (headings, then each answer's label and figure, then the axis).
import type { ReactNode } from 'react';
import { COLOURS, SERIES } from './colours.ts';
import type { ChartBar, ChartModel, ChartSeries } from './model.ts';
import { linear } from './scale.ts';

/** A text's width in px at a font size; by default DejaVu Sans's average, about 0.6 em a character. */
export type TextWidth = (text: string, size: number) => number;
export const averageWidth: TextWidth = (text, size) => text.length * size * 0.6;

/** Splits text into lines no wider than `width` px at `size`, breaking between words. */
export function wrap(text: string, width: number, size: number, measure: TextWidth = averageWidth): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const longer = line ? `${line} ${word}` : word;
    if (line && measure(longer, size) > width) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** A line of text above or below the panels (a file's title, notes and footer), wrapped to the chart's width. */
export interface TextLine {
  text: string;
  size: number;
  bold?: boolean;
  muted?: boolean;
  /** Extra space above it, px. */
  gap?: number;
}

/** The words around the figures, in the reader's language. */
export interface ChartTexts {
  /** A shown bar's figure, e.g. "32,0 %" or "32,0 % (857)". */
  value(bar: ChartBar): string;
  /** What a hidden bar says in place of its figure. */
  hidden(bar: ChartBar): string;
  tick(value: number): string;
  /** A series' heading (drawn only when `headings`), e.g. "Oulu (n = 1 363)". */
  heading?(series: ChartSeries): string;
  /** What a hidden series says under its heading. */
  hiddenSeries?(series: ChartSeries): string;
}

interface Layout {
  pad: { top: number; right: number; bottom: number; left: number };
  row: number;
  labelSize: number;
  /** The label's baseline, from the top of its row. */
  labelAt: number;
  /** The bar's top, from the top of its row. */
  barAt: number;
  bar: number;
  valueSize: number;
  valueGap: number;
  hiddenBox: number;
  tickSize: number;
  tickLength: number;
  /** The tick labels' baseline, below the axis. */
  tickAt: number;
  /** Below the last tick labels, to the footer or the picture's end. */
  axisSpace: number;
  headingSize: number;
  headingGap: number;
}

/** `screen`: a panel of the workspace (sizes from its style sheet); `file`: a picture for slides and print. */
export const LAYOUTS: Record<'screen' | 'file', Layout> = {
  screen: {
    pad: { top: 4, right: 56, bottom: 0, left: 4 },
    row: 38, labelSize: 13, labelAt: 13, barAt: 19, bar: 14, valueSize: 12, valueGap: 5, hiddenBox: 24,
    tickSize: 11, tickLength: 6, tickAt: 20, axisSpace: 14, headingSize: 16, headingGap: 34,
  },
  file: {
    pad: { top: 24, right: 224, bottom: 24, left: 24 },
    row: 44, labelSize: 14, labelAt: 18, barAt: 23, bar: 16, valueSize: 13, valueGap: 6, hiddenBox: 24,
    tickSize: 12, tickLength: 0, tickAt: 16, axisSpace: 12, headingSize: 16, headingGap: 34,
  },
};

const lineHeight = (size: number) => (size >= 18 ? Math.round(size * 1.2) : Math.round(size * 1.4));

export interface BarChartProps {
  model: ChartModel;
  /** The series to draw, one panel each (a workspace panel draws one); hidden ones only say so. */
  series: readonly ChartSeries[];
  width: number;
  layout: 'screen' | 'file';
  texts: ChartTexts;
  /** Each series' heading above its bars (a file; the workspace's panels have their own). */
  headings?: boolean;
  header?: readonly TextLine[];
  footer?: readonly TextLine[];
  /** The accessible name (the workspace) … */
  label?: string;
  /** … or a <title> element (a file). */
  title?: string;
  /** Given in a file, where no style sheet sets it; the workspace's text inherits the page's. */
  fontFamily?: string;
  /** Drawn in a file; the workspace's page is the background. */
  background?: boolean;
  textWidth?: TextWidth;
  /**
   * One chart for every series (a comparison): each answer's label, then one bar per group in the
   * groups' colours, with a key above. `series` are then the groups drawn; hidden ones are named
   * in the key as hidden and have no bars. A group's colour is set inline as well as an attribute,
   * since the workspace's style sheet colours `.chart__bar` in the brand's one colour.
   */
  grouped?: boolean;
}

/** A group's colour in a grouped chart (a 6-digit hex), the same in the workspace and the files. */
export const seriesColour = (index: number) => `#${SERIES[index % SERIES.length]}`;

export function BarChart({ model, series, width, layout, texts, headings = false, header = [], footer = [], label, title, fontFamily, background = false, textWidth = averageWidth, grouped = false }: BarChartProps) {
  const L = LAYOUTS[layout];
  const inner = Math.max(1, width - L.pad.left - L.pad.right);
  const lineWidth = width - L.pad.left - Math.min(L.pad.right, L.pad.left);
  const x = (value: number) => L.pad.left + linear(model.axisMax, inner)(value);
  const out: ReactNode[] = [];
  let y = L.pad.top;
  let key = 0;
  const text = (at: number, content: string, size: number, props: { bold?: boolean; muted?: boolean; italic?: boolean; anchor?: 'middle'; className?: string } = {}) =>
    out.push(
      <text key={key++} x={at} y={y} fontSize={size} fontWeight={props.bold ? 'bold' : undefined} fontStyle={props.italic ? 'italic' : undefined} textAnchor={props.anchor} fill={props.muted ? COLOURS.muted : COLOURS.text} className={props.className}>
        {content}
      </text>,
    );
  const lines = (list: readonly TextLine[]) => {
    for (const line of list) {
      y += line.gap ?? 0;
      for (const part of wrap(line.text, lineWidth, line.size, textWidth)) {
        y += lineHeight(line.size);
        text(L.pad.left, part, line.size, { bold: line.bold, muted: line.muted });
      }
    }
  };

  lines(header);
  if (grouped) {
    const drawn = series.filter((s) => s.hidden === null && s.bars.length > 0);
    // The key: a swatch and the group's heading per line, a hidden group's reason after its name.
    series.forEach((s) => {
      const index = drawn.indexOf(s);
      y += lineHeight(L.labelSize) + 2;
      if (index >= 0) out.push(<rect key={key++} x={L.pad.left} y={y - L.labelSize + 2} width={L.labelSize} height={L.labelSize} fill={seriesColour(index)} style={{ fill: seriesColour(index) }} className="chart__swatch" />);
      const name = texts.heading?.(s) ?? s.label;
      text(L.pad.left + L.labelSize + 6, index >= 0 ? name : `${name}: ${texts.hiddenSeries?.(s) ?? ''}`, L.labelSize, { bold: index >= 0, muted: index < 0, className: 'chart__key' });
    });
    y += L.labelAt;
    const band = L.bar - 4;
    const rowHeight = L.labelAt + 6 + drawn.length * (band + 3) + 10;
    const top = y;
    const bottom = top + model.categories.length * rowHeight;
    for (const tick of model.ticks) out.push(<line key={key++} x1={x(tick)} y1={top} x2={x(tick)} y2={bottom} stroke={COLOURS.line} strokeWidth={1} className="chart__grid" />);
    model.categories.forEach((category, c) => {
      const row = top + c * rowHeight;
      y = row + L.labelAt;
      text(L.pad.left, category.label, L.labelSize, { className: 'chart__label' });
      drawn.forEach((s, i) => {
        const bar = s.bars.find((b) => b.value === category.value);
        const barTop = row + L.labelAt + 6 + i * (band + 3);
        y = barTop + band - 2;
        if (!bar || bar.percent === null) {
          out.push(<rect key={key++} x={L.pad.left + 0.5} y={barTop + 0.5} width={Math.min(L.hiddenBox, inner)} height={band - 1} fill="none" stroke={seriesColour(i)} strokeDasharray="3 2" className="chart__hidden" />);
          if (bar) text(L.pad.left + L.hiddenBox + L.valueGap + 2, texts.hidden(bar), L.valueSize - 1, { muted: true, italic: true, className: 'chart__value chart__value--hidden' });
          return;
        }
        out.push(<rect key={key++} x={L.pad.left} y={barTop} width={Math.max(1, x(bar.percent) - L.pad.left)} height={band} fill={seriesColour(i)} style={{ fill: seriesColour(i) }} className="chart__bar chart__bar--grouped" data-series={s.key} />);
        let end = x(bar.percent);
        if (bar.interval) {
          const [lo, hi, mid] = [x(bar.interval.lower), x(bar.interval.upper), barTop + band / 2];
          out.push(
            <g key={key++} stroke={COLOURS.text} strokeWidth={1} className="chart__whisker">
              <line x1={lo} y1={mid} x2={hi} y2={mid} />
              <line x1={lo} y1={barTop + 1} x2={lo} y2={barTop + band - 1} />
              <line x1={hi} y1={barTop + 1} x2={hi} y2={barTop + band - 1} />
            </g>,
          );
          end = Math.max(end, hi);
        }
        text(end + L.valueGap, texts.value(bar), L.valueSize - 1, { className: 'chart__value' });
      });
    });
    y = bottom;
    out.push(<line key={key++} x1={L.pad.left} y1={y} x2={L.pad.left + inner} y2={y} stroke={COLOURS.border} className="chart__axis" />);
    y += L.tickAt;
    for (const tick of model.ticks) text(x(tick), texts.tick(tick), L.tickSize, { muted: true, anchor: 'middle', className: 'chart__tick' });
  }
  for (const s of grouped ? [] : series) {
    if (headings) {
      y += L.headingGap;
      text(L.pad.left, texts.heading?.(s) ?? s.label, L.headingSize, { bold: true, className: 'chart__heading' });
      if (s.hidden !== null) {
        y += 22;
        text(L.pad.left, texts.hiddenSeries?.(s) ?? '', L.valueSize + 1, { muted: true, italic: true, className: 'chart__value chart__value--hidden' });
        continue;
      }
      y += 8;
    }
    if (s.hidden !== null) continue;
    const top = y;
    const bottom = top + s.bars.length * L.row;
    for (const tick of model.ticks) out.push(<line key={key++} x1={x(tick)} y1={top} x2={x(tick)} y2={bottom} stroke={COLOURS.line} strokeWidth={1} className="chart__grid" />);
    s.bars.forEach((bar, i) => {
      const row = top + i * L.row;
      y = row + L.labelAt;
      text(L.pad.left, bar.label, L.labelSize, { className: 'chart__label' });
      const barTop = row + L.barAt;
      y = barTop + L.bar - 3;
      if (bar.percent === null) {
        out.push(<rect key={key++} x={L.pad.left + 0.5} y={barTop + 0.5} width={Math.min(L.hiddenBox, inner)} height={L.bar - 1} fill="none" stroke={COLOURS.border} strokeDasharray="3 2" className="chart__hidden" />);
        text(L.pad.left + L.hiddenBox + L.valueGap + 2, texts.hidden(bar), L.valueSize, { muted: true, italic: true, className: 'chart__value chart__value--hidden' });
        return;
      }
      out.push(<rect key={key++} x={L.pad.left} y={barTop} width={Math.max(1, x(bar.percent) - L.pad.left)} height={L.bar} fill={COLOURS.brand} className="chart__bar" />);
      let end = x(bar.percent);
      if (bar.interval) {
        const [lo, hi, mid] = [x(bar.interval.lower), x(bar.interval.upper), barTop + L.bar / 2];
        out.push(
          <g key={key++} stroke={COLOURS.text} strokeWidth={1.5} className="chart__whisker">
            <line x1={lo} y1={mid} x2={hi} y2={mid} />
            <line x1={lo} y1={barTop + 2} x2={lo} y2={barTop + L.bar - 2} />
            <line x1={hi} y1={barTop + 2} x2={hi} y2={barTop + L.bar - 2} />
          </g>,
        );
        end = Math.max(end, hi);
      }
      text(end + L.valueGap, texts.value(bar), L.valueSize, { bold: true, className: 'chart__value' });
    });
    y = bottom;
    out.push(<line key={key++} x1={L.pad.left} y1={y} x2={L.pad.left + inner} y2={y} stroke={COLOURS.border} className="chart__axis" />);
    if (L.tickLength > 0) for (const tick of model.ticks) out.push(<line key={key++} x1={x(tick)} y1={y} x2={x(tick)} y2={y + L.tickLength} stroke={COLOURS.border} className="chart__axis" />);
    y += L.tickAt;
    for (const tick of model.ticks) text(x(tick), texts.tick(tick), L.tickSize, { muted: true, anchor: 'middle', className: 'chart__tick' });
  }
  y += L.axisSpace;
  lines(footer);
  const height = Math.ceil(y + L.pad.bottom);
  return (
    <svg xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} fontFamily={fontFamily} className="chart__svg">
      {title !== undefined && <title>{title}</title>}
      {background && <rect width="100%" height="100%" fill={COLOURS.page} />}
      {out}
    </svg>
  );
}
