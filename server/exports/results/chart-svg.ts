// A question's chart as a standalone SVG, drawn like the workspace's (BarChart.tsx): one panel per
// group, the answer above its bar, the 95% interval as a whisker, the percent after it, hidden
// cells drawn as an empty dashed box with the reason. Colours are the workspace's (WCAG AA on
// white: text 16.8:1, brand 7.4:1, muted 8.6:1).
import { formatters, TEXTS } from './texts.ts';
import type { ExportView } from './view.ts';

export const COLOURS = { brand: '#00587f', text: '#1b1b1f', muted: '#4a4a52', border: '#6b7280', line: '#c9d1d9', page: '#ffffff' };
/** Series colours for charts with several groups; each at least 4.5:1 on white. */
export const SERIES = ['00587F', 'A0461A', '5B3A8C', '2E6B30', '7A5200', 'A4161A', '3D4F5C', '8B2F6B'];
export const FONT_FAMILY = 'DejaVu Sans';

const WIDTH = 960;
const PAD = 24;
const LABEL = 14;
const BAR = 16;
const ROW = 44;
const VALUE_ROOM = 200;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Splits text into lines that fit `width` px at `size` (DejaVu Sans averages about 0.6 em a character). */
export function wrap(text: string, width: number, size: number): string[] {
  const perLine = Math.max(8, Math.floor(width / (size * 0.6)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** The axis's end: the largest bar or whisker, rounded up to ten, as the workspace does. */
export function axisMax(view: ExportView): number {
  const upper = Math.max(10, ...view.groups.flatMap((g) => g.bars.map((b) => b.ci?.upper ?? b.percent ?? 0)));
  return Math.min(100, Math.ceil(upper / 10) * 10);
}

export function chartSvg(view: ExportView): string {
  const t = TEXTS[view.language];
  const f = formatters(view.language);
  const out: string[] = [];
  let y = PAD;
  const text = (x: number, size: number, content: string, options: { weight?: 'bold'; fill?: string; italic?: boolean; anchor?: 'middle' | 'end' } = {}) =>
    out.push(
      `<text x="${x}" y="${y}" font-size="${size}"${options.weight ? ` font-weight="${options.weight}"` : ''}${options.italic ? ' font-style="italic"' : ''}${options.anchor ? ` text-anchor="${options.anchor}"` : ''} fill="${options.fill ?? COLOURS.text}">${escape(content)}</text>`,
    );
  for (const line of wrap(view.question.title, WIDTH - 2 * PAD, 20)) {
    y += 24;
    text(PAD, 20, line, { weight: 'bold' });
  }
  if (view.question.subtitle) {
    for (const line of wrap(view.question.subtitle, WIDTH - 2 * PAD, 14)) {
      y += 20;
      text(PAD, 14, line, { fill: COLOURS.muted });
    }
  }
  y += 6;
  for (const detail of view.details) {
    for (const line of wrap(detail, WIDTH - 2 * PAD, 13)) {
      y += 18;
      text(PAD, 13, line, { fill: COLOURS.muted });
    }
  }
  const notes = [view.question.kind === 'multi' ? t.multiNote : null, view.question.kind === 'ranking' ? t.rankingNote : t.ciNote].filter((x): x is string => x !== null);
  for (const note of notes) {
    for (const line of wrap(note, WIDTH - 2 * PAD, 13)) {
      y += 18;
      text(PAD, 13, line, { fill: COLOURS.muted });
    }
  }

  const max = axisMax(view);
  const inner = WIDTH - 2 * PAD - VALUE_ROOM;
  const x = (value: number) => PAD + (Math.min(max, Math.max(0, value)) / max) * inner;
  const ticks = Array.from({ length: 6 }, (_, i) => (max * i) / 5);
  for (const group of view.groups) {
    y += 34;
    const heading = group.suppressed
      ? group.label
      : `${group.label} (n = ${group.n === null ? '–' : f.number(group.n)}${view.weighted && group.weightedN ? `; ${t.weightedN} ${f.number(group.weightedN)}` : ''})`;
    text(PAD, 16, heading, { weight: 'bold' });
    if (group.suppressed) {
      y += 22;
      text(PAD, 14, `${t.suppressed}: ${group.reason}`, { fill: COLOURS.muted, italic: true });
      continue;
    }
    y += 8;
    const top = y;
    for (const tick of ticks) out.push(`<line x1="${x(tick)}" y1="${top}" x2="${x(tick)}" y2="${top + group.bars.length * ROW}" stroke="${COLOURS.line}" stroke-width="1"/>`);
    for (const bar of group.bars) {
      y += LABEL + 4;
      text(PAD, LABEL, bar.label);
      const barTop = y + 5;
      if (bar.percent === null) {
        out.push(`<rect x="${PAD + 0.5}" y="${barTop + 0.5}" width="24" height="${BAR - 1}" fill="none" stroke="${COLOURS.border}" stroke-dasharray="3 2"/>`);
        y = barTop + BAR - 3;
        text(PAD + 32, 13, `${t.suppressed} (${bar.reason})`, { fill: COLOURS.muted, italic: true });
      } else {
        out.push(`<rect x="${PAD}" y="${barTop}" width="${Math.max(1, x(bar.percent) - PAD)}" height="${BAR}" fill="${COLOURS.brand}"/>`);
        let end = x(bar.percent);
        if (bar.ci) {
          const mid = barTop + BAR / 2;
          const [lo, hi] = [x(bar.ci.lower), x(bar.ci.upper)];
          out.push(
            `<g stroke="${COLOURS.text}" stroke-width="1.5"><line x1="${lo}" y1="${mid}" x2="${hi}" y2="${mid}"/><line x1="${lo}" y1="${barTop + 2}" x2="${lo}" y2="${barTop + BAR - 2}"/><line x1="${hi}" y1="${barTop + 2}" x2="${hi}" y2="${barTop + BAR - 2}"/></g>`,
          );
          end = Math.max(end, hi);
        }
        y = barTop + BAR - 3;
        const count = bar.count === null ? '' : ` (${f.number(bar.count)})`;
        text(end + 6, 13, `${f.percent(bar.percent)}${count}`, { weight: 'bold' });
      }
      y = top + (group.bars.indexOf(bar) + 1) * ROW;
    }
    out.push(`<line x1="${PAD}" y1="${y}" x2="${PAD + inner}" y2="${y}" stroke="${COLOURS.border}"/>`);
    y += 16;
    for (const tick of ticks) text(x(tick), 12, f.percent(tick, 0), { fill: COLOURS.muted, anchor: 'middle' });
  }
  y += 12;
  const footer = [view.suppressionNotes.length ? `${t.suppressionNote}: ${view.suppressionNotes.join(' · ')}` : null, t.suppressionRule(view.meta.suppression.minGroupSize, view.meta.suppression.minCellSize), `${t.survey}: ${view.surveyTitle} · Kuulo`].filter(
    (x): x is string => x !== null,
  );
  for (const line of footer.flatMap((l) => wrap(l, WIDTH - 2 * PAD, 12))) {
    y += 17;
    text(PAD, 12, line, { fill: COLOURS.muted });
  }
  const height = Math.ceil(y + PAD);
  const title = `${view.question.title} – ${view.groups.map((g) => g.label).join(', ')}`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" font-family="${FONT_FAMILY}, Verdana, Arial, sans-serif">`,
    `<title>${escape(title)}</title>`,
    `<rect width="100%" height="100%" fill="${COLOURS.page}"/>`,
    ...out,
    `</svg>`,
  ].join('\n');
}
