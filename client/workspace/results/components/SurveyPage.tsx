import { may, scopedToPlaces } from '../../app/access.ts';
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import type { User } from '../../auth/api/session.ts';
import { Link } from '../../app/Link.tsx';
import { useLanguage } from '../../app/i18n.tsx';
import { navigate, paths, useLocation, type SurveyTab } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { readViewState, writeViewState, type ViewState } from '../../app/viewState.ts';
import { resultsUrls } from '../api/results.ts';
import type { Collection, ResultsSurveys, Variables } from '../api/types.ts';
import type { Places } from '../model.ts';
import { CollectionView } from './CollectionView.tsx';
import { Controls } from './Controls.tsx';
import { CrosstabView } from './CrosstabView.tsx';
import { LoadState } from './LoadState.tsx';
import { OpenAnswersView } from './OpenAnswersView.tsx';
import { OverviewView } from './OverviewView.tsx';
import { QuestionView } from './QuestionView.tsx';
import { TrendView } from '../trend/TrendView.tsx';
import { TREND_TEXTS } from '../trend/texts.ts';

// Coding open answers is a large view that only analysts open: its own chunk.
const CodingPage = lazy(() => import('../../coding/components/CodingPage.tsx'));

/** Below this width the filter panel folds behind a button, so the charts come first. */
const NARROW = '(max-width: 699.98px)';
const narrowQuery = () => window.matchMedia(NARROW);
function subscribeNarrow(listener: () => void) {
  const query = narrowQuery();
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
const useNarrow = () => useSyncExternalStore(subscribeNarrow, () => narrowQuery().matches);

/** A survey's results, cross-tabulation, open answers and collection, with the filters above them all. */
export default function SurveyPage({ surveyId, tab, user }: { surveyId: string; tab: SurveyTab; user: User }) {
  const { t, text, language } = useLanguage();
  const { path, search } = useLocation();
  const state = useMemo(() => readViewState(search), [search]);
  const update = useCallback(
    (change: Partial<ViewState>, options: { replace?: boolean } = {}) => navigate(path + writeViewState({ ...state, ...change }), options),
    [path, state],
  );

  // A viewer sees no county totals: their own municipalities or areas are the default grouping.
  useEffect(() => {
    if (scopedToPlaces(user.role) && state.groupBy === 'county' && state.compare.length === 0) {
      update({ groupBy: user.municipalities.length > 0 ? 'municipality' : 'area' }, { replace: true });
    }
  }, [user, state, update]);

  const surveys = useApi<ResultsSurveys>(resultsUrls.surveys());
  const questions = useApi<Variables>(resultsUrls.questions(surveyId));
  const collection = useApi<Collection>(resultsUrls.collection(surveyId));
  const survey = surveys.data?.surveys.find((s) => s.id === surveyId);
  const title = survey ? text(survey.title) : surveyId;
  const tabTitle = { overview: t.tabOverview, results: t.tabResults, trend: TREND_TEXTS[language].tab, crosstab: t.tabCrosstab, open: t.tabOpen, collection: t.tabCollection, coding: t.tabCoding }[tab];
  useEffect(() => {
    document.title = `${tabTitle}: ${title} – ${t.appName}`;
  }, [t, title, tabTitle]);

  const places: Places = useMemo(() => {
    const municipalities = (collection.data?.municipalities ?? []).map((m) => ({ code: m.code, name: m.name, area: m.area }));
    return { municipalities, areas: [...new Set(municipalities.map((m) => m.area))].sort((a, b) => a.localeCompare(b, 'fi')) };
  }, [collection.data]);

  const narrow = useNarrow();
  const [controlsOpen, setControlsOpen] = useState(false);
  const controlsId = useId();

  const query = writeViewState(state);
  const tabs: [SurveyTab, string][] = [
    ['overview', t.tabOverview],
    ['results', t.tabResults],
    ['trend', TREND_TEXTS[language].tab],
    ['crosstab', t.tabCrosstab],
    ['open', t.tabOpen],
    ['collection', t.tabCollection],
    ...(may(user.role, 'coding') ? [['coding', t.tabCoding] as [SurveyTab, string]] : []),
  ];
  return (
    <>
      <p className="breadcrumb">
        <Link href={paths.surveys}>{t.surveys}</Link>
      </p>
      <h1>{title}</h1>
      <nav aria-label={t.tabsNav} className="tabs">
        <ul>
          {tabs.map(([key, label]) => (
            <li key={key}>
              <Link href={paths.survey(surveyId, key, key === 'coding' ? '' : query)} aria-current={key === tab ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'collection' ? (
        <LoadState result={collection}>{(data) => <CollectionView collection={data} />}</LoadState>
      ) : tab === 'coding' ? (
        <LoadState result={questions}>
          {(data) => (
            <Suspense fallback={<p className="loading">{t.loading}</p>}>
              <CodingPage surveyId={surveyId} questions={data.questions} user={user} />
            </Suspense>
          )}
        </LoadState>
      ) : (
        <LoadState result={questions}>
          {(data) => (
            <div className="survey-layout">
              <div className="controls-area">
                {narrow && (
                  <button type="button" className="button button--secondary controls-toggle" aria-expanded={controlsOpen} aria-controls={controlsId} onClick={() => setControlsOpen((o) => !o)}>
                    {t.controls}
                    <span aria-hidden="true">{controlsOpen ? '▴' : '▾'}</span>
                  </button>
                )}
                <div id={controlsId} hidden={narrow && !controlsOpen}>
                  <Controls state={state} update={update} questions={data.questions} places={places} user={user} />
                </div>
              </div>
              <div className="survey-content">
                <h2 className="visually-hidden">{tabTitle}</h2>
                {tab === 'overview' && <OverviewView surveyId={surveyId} state={state} />}
                {tab === 'results' && (
                  <QuestionView
                    surveyId={surveyId}
                    state={state}
                    update={update}
                    questions={data.questions}
                    dataExport={may(user.role, 'exports.data') ? { municipalityQuestion: survey?.municipalityQuestion ?? null, municipalities: places.municipalities } : null}
                  />
                )}
                {tab === 'trend' && <TrendView surveyId={surveyId} state={state} update={update} questions={data.questions} />}
                {tab === 'crosstab' && <CrosstabView surveyId={surveyId} state={state} update={update} questions={data.questions} places={places} user={user} />}
                {tab === 'open' && <OpenAnswersView surveyId={surveyId} state={state} update={update} questions={data.questions} places={places} user={user} />}
              </div>
            </div>
          )}
        </LoadState>
      )}
    </>
  );
}
