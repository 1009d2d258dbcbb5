// The authoring list's section of survey series: each series with its waves, and for each pair of
// consecutive waves a link to the page mapping the later wave's questions to the earlier wave's.
import { useId } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { seriesUrls, type SeriesListT } from './api.ts';
import { seriesTexts } from './texts.ts';
import './series.css';

export function SeriesSection() {
  const { language } = useLanguage();
  const t = seriesTexts(language);
  const list = useApi<SeriesListT>(seriesUrls.list);
  const id = useId();
  return (
    <section className="series-list" aria-labelledby={`${id}-title`} data-testid="series">
      <h2 id={`${id}-title`}>{t.seriesTitle}</h2>
      <p className="hint">{t.seriesIntro}</p>
      {list.state === 'error' && (
        <div className="notice notice--error" role="alert">
          {list.message}
        </div>
      )}
      {list.data && list.data.series.length === 0 && <p>{t.noSeries}</p>}
      {list.data?.series.map((s) => (
        <div key={s.id} className="series-card" data-series={s.id}>
          <h3>
            {t.series} {s.id}
          </h3>
          <dl>
            <dt>{t.waves}</dt>
            <dd>
              <ul className="series-waves">
                {s.waves.map((w) => (
                  <li key={w.survey}>
                    <strong>{w.wave}</strong>: {w.title} ({w.survey})
                  </li>
                ))}
              </ul>
            </dd>
            {s.waves.length > 1 && (
              <>
                <dt>{t.mappings}</dt>
                <dd>
                  <ul className="series-waves">
                    {s.waves.slice(1).map((later, i) => {
                      const earlier = s.waves[i]!;
                      return (
                        <li key={later.survey}>
                          <Link href={paths.waveMapping(s.id, earlier.survey, later.survey)}>{t.pairLink(earlier.wave, later.wave)}</Link>
                        </li>
                      );
                    })}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </div>
      ))}
    </section>
  );
}
