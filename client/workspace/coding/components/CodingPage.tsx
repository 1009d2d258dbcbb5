// The coding of open answers: a survey's open questions and their codebooks, and per codebook the
// editor, the coding view (one answer after another), its list mode, and the samples with their
// agreement and consensus pass. Every choice is in the address, like the rest of the workspace.
import { useEffect } from 'react';
import type { User } from '../../auth/api/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { navigate, paths, useLocation } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import type { Variable } from '../../../../server/results/schemas.ts';
import { LoadState } from '../../results/components/LoadState.tsx';
import { codingUrls, createCodebook, type Codebook, type Codebooks } from '../api/coding.ts';
import { CodebookEditor } from './CodebookEditor.tsx';
import { CodingView } from './CodingView.tsx';
import { AnswerListView } from './AnswerListView.tsx';
import { SamplesView } from './SamplesView.tsx';
import { codingHref, Said, useAction, useCodingTexts } from './shared.tsx';
import '../coding.css';

export type Section = 'codebook' | 'code' | 'list' | 'samples';
const SECTIONS: Section[] = ['codebook', 'code', 'list', 'samples'];

export default function CodingPage({ surveyId, questions, user }: { surveyId: string; questions: readonly Variable[]; user: User }) {
  const c = useCodingTexts();
  const { text } = useLanguage();
  const { search } = useLocation();
  const books = useApi<Codebooks>(codingUrls.codebooks(surveyId));
  const bookId = search.get('kirja');
  const section = (SECTIONS as string[]).includes(search.get('osio') ?? '') ? (search.get('osio') as Section) : 'codebook';
  const open = questions.filter((q) => q.kind === 'text');
  const create = useAction(books.reload);

  if (bookId) return <CodebookPage surveyId={surveyId} bookId={bookId} section={section} questions={questions} user={user} />;
  return (
    <section aria-labelledby="coding-title">
      <h2 id="coding-title">{c.title}</h2>
      <p className="hint">{c.intro}</p>
      <h3>{c.questions}</h3>
      <Said message={create.message} />
      <LoadState result={books}>
        {(data) =>
          open.length === 0 ? (
            <p>{c.noOpenQuestions}</p>
          ) : (
            <ul className="coding-questions">
              {open.map((q) => {
                const book = data.codebooks.find((b) => b.question === q.key);
                const title = text(q.title) || q.key;
                return (
                  <li key={q.key}>
                    <span>
                      <strong>{title}</strong> <span className="hint">({book ? c.codes(book.codes) : c.noCodebook})</span>
                    </span>
                    {book ? (
                      <Link href={codingHref(surveyId, { kirja: book.id })} aria-label={`${c.open}: ${title}`}>
                        {c.open}
                      </Link>
                    ) : (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={create.busy}
                        aria-label={`${c.createCodebook}: ${title}`}
                        onClick={() =>
                          void create.run(async () => {
                            const made = await createCodebook(surveyId, q.key);
                            navigate(codingHref(surveyId, { kirja: made.id }));
                            return title;
                          })
                        }
                      >
                        {c.createCodebook}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </LoadState>
    </section>
  );
}

function CodebookPage({ surveyId, bookId, section, questions, user }: { surveyId: string; bookId: string; section: Section; questions: readonly Variable[]; user: User }) {
  const c = useCodingTexts();
  const { text } = useLanguage();
  const book = useApi<Codebook>(codingUrls.codebook(bookId));
  const question = questions.find((q) => q.key === book.data?.question);
  const title = question ? text(question.title) : (book.data?.question ?? '');
  useEffect(() => {
    if (book.data) document.title = `${c.sections[section]}: ${title} – Kuulo`;
  }, [book.data, c, section, title]);
  return (
    <section aria-labelledby="coding-book-title">
      <p className="breadcrumb">
        <Link href={codingHref(surveyId, {})}>{c.allQuestions}</Link>
      </p>
      <h2 id="coding-book-title">{title || c.title}</h2>
      <nav aria-label={c.sectionsNav} className="tabs coding-sections">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <Link href={codingHref(surveyId, { kirja: bookId, osio: s })} aria-current={s === section ? 'page' : undefined}>
                {c.sections[s]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <LoadState result={book}>
        {(data) => (
          <>
            {section === 'codebook' && <CodebookEditor book={data} reload={book.reload} />}
            {section === 'code' && <CodingView surveyId={surveyId} book={data} />}
            {section === 'list' && <AnswerListView surveyId={surveyId} book={data} />}
            {section === 'samples' && <SamplesView surveyId={surveyId} book={data} user={user} />}
          </>
        )}
      </LoadState>
    </section>
  );
}
