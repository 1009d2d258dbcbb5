// Download links for exactly the view on screen: the chart as SVG and PNG, the table as Excel.
// Plain links: the session cookie goes with them and the server names the file.
import { useLanguage } from '../app/i18n.tsx';
import type { ViewState } from '../app/viewState.ts';
import { exportUrls } from './api.ts';
import { EXPORT_TEXTS } from './texts.ts';

export function ChartDownloads({ surveyId, question, state, chart }: { surveyId: string; question: string; state: ViewState; chart: boolean }) {
  const { language } = useLanguage();
  const t = EXPORT_TEXTS[language];
  return (
    <p className="export-links" data-exports={question}>
      <span className="export-links__label">{t.downloads}:</span>
      {chart && (
        <>
          <a className="button button--secondary button--small" href={exportUrls.chart(surveyId, question, 'svg', state, language)} download>
            {t.svg}
          </a>
          <a className="button button--secondary button--small" href={exportUrls.chart(surveyId, question, 'png', state, language)} download>
            {t.png}
          </a>
        </>
      )}
      <a className="button button--secondary button--small" href={exportUrls.table(surveyId, question, state, language)} download>
        {t.xlsx}
      </a>
    </p>
  );
}

/** The grouped chart (one bar per group under each answer) as a file, beside the workspace's grouped chart: named apart from the panels' pictures, so that a screen reader's list of links tells them apart. */
export function GroupedChartDownloads({ surveyId, question, state }: { surveyId: string; question: string; state: ViewState }) {
  const { language } = useLanguage();
  const t = EXPORT_TEXTS[language];
  return (
    <p className="export-links" data-exports={`${question}-grouped`}>
      <span className="export-links__label">{t.downloads}:</span>
      <a className="button button--secondary button--small" href={exportUrls.chart(surveyId, question, 'svg', state, language, 'grouped')} download>
        {t.groupedSvg}
      </a>
      <a className="button button--secondary button--small" href={exportUrls.chart(surveyId, question, 'png', state, language, 'grouped')} download>
        {t.groupedPng}
      </a>
    </p>
  );
}
