import { useId, useState, type FormEvent } from 'react';
import { Link } from '../../app/Link.tsx';
import { useApi } from '../../app/useApi.ts';
import { bulkCode, codingUrls, search, undoBulk, type Bulks, type Codebook, type SearchMatches } from '../api/coding.ts';
import { useLiveCodes } from './CodebookEditor.tsx';
import { codingHref, problemText, Said, useAction, useCodingTexts, When } from './shared.tsx';

/** Text search with Finnish stemming, one code for every match, and the list of those bulk codings, each reviewable and undoable. */
export function BulkPanel({ book, onChange }: { book: Codebook; onChange(): void }) {
  const c = useCodingTexts();
  const surveyId = book.survey;
  const codes = useLiveCodes(book);
  const bulks = useApi<Bulks>(codingUrls.bulks(book.id));
  const action = useAction(() => {
    bulks.reload();
    onChange();
  });
  const [text, setText] = useState('');
  const [found, setFound] = useState<SearchMatches | null>(null);
  const [code, setCode] = useState('');
  const ids = useId();

  const find = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    search(book.id, text.trim()).then(
      (r) => {
        setFound(r);
        action.setMessage({ ok: true, text: c.matches(r.total, r.matches.length) });
      },
      (error: unknown) => {
        setFound(null);
        action.setMessage({ ok: false, text: problemText(error) });
      },
    );
  };
  const label = (id: string) => codes.find((x) => x.code.id === id)?.label ?? book.codes.find((x) => x.id === id)?.name.fi ?? '?';

  return (
    <section aria-labelledby={`${ids}-title`} className="coding-form">
      <h3 id={`${ids}-title`}>{c.searchTitle}</h3>
      <p className="hint">{c.searchHelp}</p>
      <form onSubmit={find} className="search-form">
        <div className="field">
          <label htmlFor={`${ids}-text`}>{c.searchText}</label>
          <input id={`${ids}-text`} type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className="button button--secondary">
          {c.searchButton}
        </button>
      </form>
      <Said message={action.message} />
      {found && (
        <>
          <p className="hint">{c.stems(found.stems.join(', '))}</p>
          {found.matches.length > 0 && (
            <ul className="coding-matches" aria-label={c.matches(found.total, found.matches.length)} tabIndex={0}>
              {found.matches.map((m) => (
                <li key={m.responseId}>{m.text}</li>
              ))}
            </ul>
          )}
          {found.total > 0 && (
            <div className="search-form">
              <div className="field">
                <label htmlFor={`${ids}-code`}>{c.bulkCode}</label>
                <select id={`${ids}-code`} value={code} onChange={(e) => setCode(e.target.value)}>
                  <option value="">–</option>
                  {codes.map((x) => (
                    <option key={x.code.id} value={x.code.id}>
                      {x.label}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                className="button"
                disabled={action.busy || !code}
                onClick={() =>
                  void action.run(async () => {
                    const made = await bulkCode(book.id, found.search, code);
                    setFound(null);
                    return c.bulkDone(made.matched, label(code));
                  })
                }
              >
                {c.bulkButton(found.total)}
              </button>
            </div>
          )}
        </>
      )}
      <h4>{c.bulkList}</h4>
      {bulks.data && bulks.data.bulk.length === 0 && <p>{c.noBulk}</p>}
      {bulks.data && bulks.data.bulk.length > 0 && (
        <div className="table-wrap" role="region" aria-label={c.bulkList} tabIndex={0}>
          <table className="data-table data-table--compact">
            <thead>
              <tr>
                <th scope="col">{c.bulkSearch}</th>
                <th scope="col">{c.bulkCodeCol}</th>
                <th scope="col">{c.bulkMatched}</th>
                <th scope="col">{c.bulkWhen}</th>
                <th scope="col">{c.bulkState}</th>
                <th scope="col">{c.actions}</th>
              </tr>
            </thead>
            <tbody>
              {bulks.data.bulk.map((b) => (
                <tr key={b.id} data-testid="bulk-row">
                  <th scope="row">{b.search}</th>
                  <td>{label(b.code)}</td>
                  <td>{b.matched}</td>
                  <td>
                    <When iso={b.createdAt} />
                  </td>
                  <td>{b.undoneAt ? c.bulkUndone : c.bulkActive}</td>
                  <td>
                    <div className="coding-row-actions">
                      {!b.undoneAt && (
                        <>
                          <Link href={codingHref(surveyId, { kirja: book.id, osio: 'list', joukko: b.id })} aria-label={`${c.bulkReview}: ${b.search}`}>
                            {c.bulkReview}
                          </Link>
                          <button
                            type="button"
                            className="button button--secondary button--small"
                            disabled={action.busy}
                            aria-label={`${c.bulkUndo}: ${b.search}`}
                            onClick={() =>
                              void action.run(async () => {
                                await undoBulk(book.id, b.id);
                                return c.bulkUndoneMsg(b.matched);
                              })
                            }
                          >
                            {c.bulkUndo}
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
