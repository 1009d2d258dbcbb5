import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { useId } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import type { Collection } from '../api/types.ts';

/** How the collection goes: per area and municipality (per 1,000 inhabitants too), per channel and per day. */
export function CollectionView({ collection }: { collection: Collection }) {
  const { t, number } = useLanguage();
  const id = useId();
  const per = (v: number | null) => (v === null ? '–' : number(v, 1));
  return (
    <>
      <h2>{t.collectionTitle}</h2>
      <p>
        {t.total}: <strong>{number(collection.total)}</strong>. {collection.outsideCounty > 0 && t.outsideCounty(number(collection.outsideCounty))}
      </p>
      <div className="collection-grid">
        <section aria-labelledby={`${id}-ch`}>
          <h3 id={`${id}-ch`}>{t.byChannel}</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.channel}</th>
                <th scope="col" className="num">{t.responses}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(collection.channels).map(([channel, count]) => (
                <tr key={channel}>
                  <th scope="row">{t.channelNames[channel] ?? channel}</th>
                  <td className="num">{number(count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby={`${id}-ar`}>
          <h3 id={`${id}-ar`}>{t.byArea}</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.area}</th>
                <th scope="col" className="num">{t.responses}</th>
                <th scope="col" className="num">{t.population}</th>
                <th scope="col" className="num">{t.per1000}</th>
              </tr>
            </thead>
            <tbody>
              {collection.areas.map((a) => (
                <tr key={a.area}>
                  <th scope="row">{a.area}</th>
                  <td className="num">{number(a.responses)}</td>
                  <td className="num">{number(a.population)}</td>
                  <td className="num">{per(a.per1000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section aria-labelledby={`${id}-day`}>
        <h3 id={`${id}-day`}>{t.byDay}</h3>
        <DayChart days={collection.days} />
        <details className="disclosure">
          <summary>{t.byDay}: {t.date} / {t.responses}</summary>
          <div className="table-wrap" role="region" aria-labelledby={`${id}-day`} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t.date}</th>
                  <th scope="col" className="num">{t.responses}</th>
                </tr>
              </thead>
              <tbody>
                {collection.days.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{d.date}</th>
                    <td className="num">{number(d.responses)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
      <section aria-labelledby={`${id}-mun`}>
        <h3 id={`${id}-mun`}>{t.byMunicipality}</h3>
        <div className="table-wrap" role="region" aria-labelledby={`${id}-mun`} tabIndex={0}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.municipality}</th>
                <th scope="col">{t.area}</th>
                <th scope="col" className="num">{t.responses}</th>
                <th scope="col" className="num">{t.population}</th>
                <th scope="col" className="num">{t.per1000}</th>
              </tr>
            </thead>
            <tbody>
              {collection.municipalities.map((m) => (
                <tr key={m.code}>
                  <th scope="row">
                    {m.name} <span className="hint">({m.code})</span>
                  </th>
                  <td>{m.area}</td>
                  <td className="num">{number(m.responses)}</td>
                  <td className="num">{number(m.population)}</td>
                  <td className="num">{per(m.per1000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
