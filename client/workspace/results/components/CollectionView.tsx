import { useId } from 'react';
import { niceMax, ticks } from '../../../../chart/scale.ts';
import { CountsTable } from '../../app/CountsTable.tsx';
import { useLanguage } from '../../app/i18n.tsx';
import type { Collection } from '../api/types.ts';

/** How the collection goes: per area and municipality (per 1,000 inhabitants too), per channel and per day. */
export function CollectionView({ collection }: { collection: Collection }) {
  const { t, number } = useLanguage();
  const id = useId();
  const per = (v: number | null) => (v === null ? '–' : number(v, 1));
  // A place in a block of small municipalities has no count of its own (the survey's disclosure policy).
  const count = (v: number | null) => (v === null ? t.suppressed : number(v));
  // An area's and a municipality's counts: responses, inhabitants and responses per 1,000 of them.
  const placeCounts = [
    { label: t.responses, numeric: true },
    { label: t.population, numeric: true },
    { label: t.per1000, numeric: true },
  ];
  return (
    <>
      <h2>{t.collectionTitle}</h2>
      <p>
        {t.total}: <strong>{count(collection.total)}</strong>. {collection.outsideCounty !== null && collection.outsideCounty > 0 && t.outsideCounty(number(collection.outsideCounty))}
      </p>
      <div className="collection-grid">
        <section aria-labelledby={`${id}-ch`}>
          <h3 id={`${id}-ch`}>{t.byChannel}</h3>
          <CountsTable
            first={t.channel}
            columns={[{ label: t.responses, numeric: true }]}
            rows={Object.entries(collection.channels).map(([channel, count]) => ({ key: channel, label: t.channelNames[channel] ?? channel, cells: [number(count)] }))}
          />
        </section>
        <section>
          <h3 id={`${id}-ar`}>{t.byArea}</h3>
          {/* Four columns are wider than a phone: the table scrolls in its own box, as the municipalities' does. */}
          <div className="table-wrap" role="region" aria-labelledby={`${id}-ar`} tabIndex={0}>
            <CountsTable
              first={t.area}
              columns={placeCounts}
              rows={collection.areas.map((a) => ({ key: a.area, label: a.area, cells: [count(a.responses), number(a.population), per(a.per1000)] }))}
            />
          </div>
        </section>
      </div>
      <section>
        <h3 id={`${id}-day`}>{t.byDay}</h3>
        <DayChart days={collection.days} />
        <details className="disclosure">
          <summary>{t.byDay}: {t.date} / {t.responses}</summary>
          <div className="table-wrap" role="region" aria-labelledby={`${id}-day`} tabIndex={0}>
            <CountsTable
              first={t.date}
              columns={[{ label: t.responses, numeric: true }]}
              rows={collection.days.map((d) => ({ key: d.date, label: d.date, cells: [number(d.responses)] }))}
            />
          </div>
        </details>
      </section>
      <section>
        <h3 id={`${id}-mun`}>{t.byMunicipality}</h3>
        <div className="table-wrap" role="region" aria-labelledby={`${id}-mun`} tabIndex={0}>
          <CountsTable
            first={t.municipality}
            columns={[{ label: t.area }, ...placeCounts]}
            rows={collection.municipalities.map((m) => ({
              key: m.code,
              label: (
                <>
                  {m.name} <span className="hint">({m.code})</span>
                </>
              ),
              cells: [m.area, count(m.responses), number(m.population), per(m.per1000)],
            }))}
          />
        </div>
      </section>
    </>
  );
}

/** Responses per day as columns, on a count axis from 0 to a round number. */
function DayChart({ days }: { days: Collection['days'] }) {
  const { t, number } = useLanguage();
  if (days.length === 0) return null;
  const width = Math.max(320, days.length * 14 + 60);
  const height = 200;
  const margin = { top: 10, right: 10, bottom: 40, left: 48 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = niceMax(Math.max(1, ...days.map((d) => d.responses)), 4);
  const y = (count: number) => plotHeight - (count / max) * plotHeight;
  // Columns share the width with gaps a fifth of a step, as a band scale with 0.2 padding.
  const step = plotWidth / (days.length + 0.2);
  const column = step * 0.8;
  const x = (i: number) => step * 0.2 + i * step;
  const total = days.reduce((s, d) => s + d.responses, 0);
  const every = Math.max(1, Math.ceil(days.length / 8));
  return (
    // Wider than a phone: the box scrolls, so it takes the focus to be scrolled by keyboard.
    <div className="table-wrap" role="region" aria-label={t.dayChartLabel(number(total), days[0]!.date, days[days.length - 1]!.date)} tabIndex={0}>
      <svg width={width} height={height} role="img" aria-label={t.dayChartLabel(number(total), days[0]!.date, days[days.length - 1]!.date)}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {days.map((d, i) => (
            <rect key={d.date} x={x(i)} y={y(d.responses)} width={column} height={plotHeight - y(d.responses)} className="chart__bar" />
          ))}
          <g className="chart__axis">
            <line x1={0} y1={0} x2={0} y2={plotHeight} />
            <line x1={0} y1={plotHeight} x2={plotWidth} y2={plotHeight} />
            {ticks(max, 4).map((tick) => (
              <g key={tick} transform={`translate(0,${y(tick)})`}>
                <line x2={-6} />
                <text x={-9} dy="0.32em" textAnchor="end" className="chart__tick">
                  {number(tick)}
                </text>
              </g>
            ))}
            {days.map((d, i) =>
              i % every === 0 ? (
                <g key={d.date} transform={`translate(${x(i) + column / 2},${plotHeight})`}>
                  <line y2={6} />
                  <text y={20} textAnchor="middle" className="chart__tick">
                    {d.date.slice(5)}
                  </text>
                </g>
              ) : null,
            )}
          </g>
        </g>
      </svg>
    </div>
  );
}
