import { useId } from 'react';
import { Link } from '../../app/Link.tsx';
import { navigate, useLocation } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { LoadState } from '../../results/components/LoadState.tsx';
import { codingUrls, type AnswerList, type Codebook, type ListStatus } from '../api/coding.ts';
import { inCodebookOrder, useLiveCodes } from './CodebookEditor.tsx';
import { codingHref, useCodingTexts } from './shared.tsx';

const PAGE = 25;
const STATUSES: ListStatus[] = ['all', 'uncoded', 'coded', 'not_codable', 'skipped'];

/** The coding view's list mode: the answers with the coder's own codes, filtered by status, code, bulk coding or sample; each opens in the coding view. */
export function AnswerListView({ surveyId, book }: { surveyId: string; book: Codebook }) {
  const c = useCodingTexts();
  const { search } = useLocation();
  const ids = useId();
  const codes = useLiveCodes(book);
  const status = (STATUSES as string[]).includes(search.get('tila') ?? '') ? (search.get('tila') as ListStatus) : 'all';
  const code = search.get('koodi');
  const bulk = search.get('joukko');
  const sample = search.get('otos');
  const offset = Math.max(0, Number(search.get('alku')) || 0);
  const list = useApi<AnswerList>(codingUrls.list(book.id, { status, code, bulk, sample, offset, limit: PAGE }));
  const here = { kirja: book.id, osio: 'list', tila: status === 'all' ? null : status, koodi: code, joukko: bulk, otos: sample };
  const go = (change: Record<string, string | number | null>) => navigate(codingHref(surveyId, { ...here, alku: null, ...change }), { replace: true });
  const label = (id: string) => codes.find((x) => x.code.id === id)?.label ?? book.codes.find((x) => x.id === id)?.name.fi ?? '?';

  return (
    <>
      <div className="search-form">
        <div className="field">
          <label htmlFor={`${ids}-status`}>{c.filterStatus}</label>
          <select id={`${ids}-status`} value={status} onChange={(e) => go({ tila: e.target.value === 'all' ? null : e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {c.listStatus[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-code`}>{c.filterCode}</label>
          <select id={`${ids}-code`} value={code ?? ''} onChange={(e) => go({ koodi: e.target.value || null })}>
            <option value="">{c.anyCode}</option>
            {codes.map((x) => (
              <option key={x.code.id} value={x.code.id}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {bulk && (
        <p>
          {c.filterBulk} · <Link href={codingHref(surveyId, { ...here, joukko: null })}>{c.clearBulk}</Link>
        </p>
      )}
      <LoadState result={list}>
        {(data) => (
          <>
            <p role="status">{c.listTotal(data.total)}</p>
            {data.answers.length > 0 && (
              <div className="table-wrap" role="region" aria-label={c.sections.list} tabIndex={0}>
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{c.answer}</th>
                      <th scope="col">{c.yourVerdict}</th>
                      <th scope="col">{c.actions}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.answers.map((a, i) => (
                      <tr key={a.responseId}>
                        <td>{offset + i + 1}</td>
                        <td>{a.text}</td>
                        <td>{!a.mine ? c.none : a.mine.status === 'coded' ? inCodebookOrder(codes, a.mine.codes).map(label).join(', ') : c.statusNames[a.mine.status]}</td>
                        <td>
                          <Link href={codingHref(surveyId, { kirja: book.id, osio: 'code', otos: sample, vastaus: a.responseId })} aria-label={c.codeThisLabel(offset + i + 1)}>
                            {c.codeThis}
                          </Link>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="coding-buttons">
              {offset > 0 && (
                <button type="button" className="button button--secondary" onClick={() => go({ alku: Math.max(0, offset - PAGE) || null })}>
                  {c.previous}
                </button>
              )}
              {offset + PAGE < data.total && (
                <button type="button" className="button button--secondary" onClick={() => go({ alku: offset + PAGE })}>
                  {c.next}
                </button>
              )}
            </div>
          </>
        )}
      </LoadState>
    </>
  );
}
