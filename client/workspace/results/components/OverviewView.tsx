import { useId, useState } from 'react';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { paths } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { writeViewState, type ViewState } from '../../app/viewState.ts';
import { resultsUrls } from '../api/results.ts';
import type { Group, SummaryResult, Variable } from '../api/types.ts';
import { RESULT_KIND_FACETS } from '../../../../server/questions/result-kinds.ts';
import { LoadState } from './LoadState.tsx';
import { MetaInfo } from './MetaInfo.tsx';
import { QuestionResults } from './QuestionView.tsx';
import { RESULTS_TEXTS } from '../texts.ts';

/** The survey's questions, each with its variables (a matrix's rows together), in form order. */
function sectionsOf(questions: SummaryResult['questions']) {
  const sections: { key: string; items: SummaryResult['questions'] }[] = [];
  for (const item of questions) {
    const last = sections.at(-1);
    if (last && last.key === item.question.question) last.items.push(item);
    else sections.push({ key: item.question.question, items: [item] });
  }
  return sections;
}

/**
 * Every question of the survey one after another (the summary route), with the view's filters,
 * grouping, comparison and weighting. A long survey is a page of many screens, so it opens with
 * its contents and each question (a matrix with all its rows) is a section that opens on demand.
 */
export function OverviewView({ surveyId, state }: { surveyId: string; state: ViewState }) {
  const result = useApi<SummaryResult>(resultsUrls.summary(surveyId, state));
  return <LoadState result={result}>{(data) => <Overview data={data} surveyId={surveyId} state={state} />}</LoadState>;
}

function Overview({ data, surveyId, state }: { data: SummaryResult; surveyId: string; state: ViewState }) {
  const { text, language } = useLanguage();
  const r = RESULTS_TEXTS[language];
  const id = useId();
  const sections = sectionsOf(data.questions);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(sections.slice(0, 1).map((s) => s.key)));
  const toggle = (key: string, isOpen: boolean) => setOpen((now) => (now.has(key) === isOpen ? now : isOpen ? new Set([...now, key]) : new Set([...now].filter((k) => k !== key))));
  const anchor = (key: string) => `${id}-s-${key}`.replace(/[^\w-]/g, '_');
  const titleOf = (section: (typeof sections)[number]) => {
    const first = text(section.items[0]!.question.title) || section.key;
    // A matrix's variables are named "<matrix> — <row>": the section is the matrix.
    const cut = first.lastIndexOf(' — ');
    return section.items.length > 1 && cut > 0 ? first.slice(0, cut) : first;
  };
  return (
    <div className="overview" data-testid="overview">
      <MetaInfo meta={data.meta} />
      <nav className="overview__contents" aria-labelledby={`${id}-toc`}>
        <h3 id={`${id}-toc`}>{r.contents}</h3>
        <p className="overview__all">
          <button type="button" className="button button--secondary button--small" onClick={() => setOpen(new Set(sections.map((s) => s.key)))}>
            {r.openAll}
          </button>{' '}
          <button type="button" className="button button--secondary button--small" onClick={() => setOpen(new Set())}>
            {r.closeAll}
          </button>
        </p>
        <ol>
          {sections.map((section) => (
            <li key={section.key}>
              <a
                href={`#${anchor(section.key)}`}
                onClick={(e) => {
                  e.preventDefault();
                  toggle(section.key, true);
                  requestAnimationFrame(() => document.getElementById(anchor(section.key))?.scrollIntoView());
                }}
              >
                {titleOf(section)}
              </a>
              {section.items.length > 1 && <span className="hint"> ({r.section(section.items.length)})</span>}
            </li>
          ))}
        </ol>
      </nav>
      {sections.map((section) => (
        <details key={section.key} id={anchor(section.key)} className="overview__section" open={open.has(section.key)} onToggle={(e) => toggle(section.key, e.currentTarget.open)} data-section={section.key}>
          <summary>
            {titleOf(section)}
            {section.items.length > 1 && <span className="hint"> ({r.section(section.items.length)})</span>}
          </summary>
          {section.items.map(({ question, groups }) => {
            const href = paths.survey(surveyId, 'results', writeViewState({ ...state, question: question.key }));
            // Kinds without bars (numbers, open answers, repeated answers, files) take a compact table of each group's n.
            return !RESULT_KIND_FACETS[question.kind].chartable ? (
              <CompactQuestion key={question.key} question={question} groups={groups} href={href} surveyId={surveyId} state={state} />
            ) : (
              <QuestionResults key={question.key} question={question} groups={groups} meta={data.meta} surveyId={surveyId} state={state} href={href} />
            );
          })}
        </details>
      ))}
    </div>
  );
}

/** A number or open question: each group's n (and the statistics of a number) in one small table. */
function CompactQuestion({ question, groups, href, surveyId, state }: { question: Variable; groups: Group[]; href: string; surveyId: string; state: ViewState }) {
  const { t, text, number } = useLanguage();
  const id = useId();
  const title = text(question.title) || question.key;
  const stats = ['mean', 'sd', 'median', 'min', 'max'] as const;
  const columns = question.kind === 'number' ? stats.length + 2 : 1;
  const value = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? t.suppressed : number(v, digits));
  return (
    <article className="question question--compact" aria-labelledby={`${id}-h`} data-question={question.key}>
      <h3 id={`${id}-h`} className="question__title">
        <Link href={href}>{title}</Link>
      </h3>
      {question.subtitle && <p className="hint">{text(question.subtitle)}</p>}
      {groups.length === 0 ? (
        <p>{t.noGroups}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption id={`${id}-cap`}>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.group}</th>
                <th scope="col" className="num">
                  {t.n}
                </th>
                {question.kind === 'number' && (
                  <>
                    {stats.map((k) => (
                      <th scope="col" className="num" key={k}>
                        {t.numbers[k]}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t.numbers.missing}
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.key} data-group={g.key} className={g.suppressed ? 'is-suppressed' : undefined}>
                  <th scope="row">{text(g.label)}</th>
                  {g.suppressed ? (
                    <td colSpan={columns} className="suppressed-cell">
                      {t.suppressedGroup}
                    </td>
                  ) : (
                    <>
                      <td className="num">{g.n === null ? '–' : number(g.n)}</td>
                      {question.kind === 'number' && (
                        <>
                          {stats.map((k) => (
                            <td className="num" key={k}>
                              {value(g.numbers?.[k])}
                            </td>
                          ))}
                          <td className="num">{g.numbers ? number(g.numbers.missing) : '–'}</td>
                        </>
                      )}
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {RESULT_KIND_FACETS[question.kind].notCharted && (
        <p className="hint not-charted">{t.notCharted[RESULT_KIND_FACETS[question.kind].notCharted!](groups[0]?.n === null || groups[0] === undefined ? t.suppressed : number(groups[0].n))}</p>
      )}
      {question.kind === 'text' && (
        <p>
          <Link href={paths.survey(surveyId, 'open', writeViewState({ ...state, open: question.key }))}>
            {t.readAnswers}
            {/* Many such links on one page: each says whose answers it opens. */}
            <span className="visually-hidden">: {title}</span>
          </Link>
        </p>
      )}
    </article>
  );
}
