import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { useId } from 'react';
import { CountsTable } from '../../app/CountsTable.tsx';
import { useLanguage } from '../../app/i18n.tsx';
import type { Collection } from '../api/types.ts';

/** How the collection goes: per area and municipality (per 1,000 inhabitants too), per channel and per day. */
export function CollectionView({ collection }: { collection: Collection }) {
  const { t, number } = useLanguage();
  const id = useId();
  const per = (v: number | null) => (v === null ? '–' : number(v, 1));
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
        {t.total}: <strong>{number(collection.total)}</strong>. {collection.outsideCounty > 0 && t.outsideCounty(number(collection.outsideCounty))}
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
        <section aria-labelledby={`${id}-ar`}>
          <h3 id={`${id}-ar`}>{t.byArea}</h3>
          {/* Four columns are wider than a phone: the table scrolls in its own box, as the municipalities' does. */}
          <div className="table-wrap" role="region" aria-labelledby={`${id}-ar`} tabIndex={0}>
            <CountsTable
              first={t.area}
              columns={placeCounts}
              rows={collection.areas.map((a) => ({ key: a.area, label: a.area, cells: [number(a.responses), number(a.population), per(a.per1000)] }))}
            />
          </div>
        </section>
      </div>
      <section aria-labelledby={`${id}-day`}>
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
      <section aria-labelledby={`${id}-mun`}>
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
              cells: [m.area, number(m.responses), number(m.population), per(m.per1000)],
            }))}
          />
        </div>
      </section>
    </>
  );
}

function DayChart({ days }: { days: Collection['days'] }) {
  const { t, number } = useLanguage();
  const width = Math.max(320, days.length * 14 + 60);
  const height = 200;
  const margin = { top: 10, right: 10, bottom: 40, left: 48 };
  const x = scaleBand<string>({ domain: days.map((d) => d.date), range: [0, width - margin.left - margin.right], padding: 0.2 });
  const y = scaleLinear<number>({ domain: [0, Math.max(1, ...days.map((d) => d.responses))], range: [height - margin.top - margin.bottom, 0], nice: true });
  const total = days.reduce((s, d) => s + d.responses, 0);
  const every = Math.max(1, Math.ceil(days.length / 8));
  if (days.length === 0) return null;
  return (
    <div className="table-wrap">
      <svg width={width} height={height} role="img" aria-label={t.dayChartLabel(number(total), days[0]!.date, days[days.length - 1]!.date)}>
        <Group left={margin.left} top={margin.top}>
          {days.map((d) => (
            <Bar key={d.date} x={x(d.date)} y={y(d.responses)} width={x.bandwidth()} height={y(0) - y(d.responses)} className="chart__bar" />
          ))}
          <AxisLeft scale={y} numTicks={4} axisClassName="chart__axis" tickLabelProps={{ className: 'chart__tick', textAnchor: 'end' }} />
          <AxisBottom
            top={y(0)}
            scale={x}
            tickValues={days.filter((_, i) => i % every === 0).map((d) => d.date)}
            tickFormat={(v) => String(v).slice(5)}
            axisClassName="chart__axis"
            tickLabelProps={{ className: 'chart__tick', textAnchor: 'middle' }}
          />
        </Group>
      </svg>
    </div>
  );
}
