import { useId, useState, type FormEvent } from 'react';
import type { User } from '../../auth/api/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { Link } from '../../app/Link.tsx';
import { navigate, useLocation } from '../../app/router.ts';
import { useApi } from '../../app/useApi.ts';
import { LoadState } from '../../results/components/LoadState.tsx';
import { codingUrls, createSample, recordConsensus, type Codebook, type Coders, type Disagreements, type Sample, type SampleAgreement, type Samples } from '../api/coding.ts';
import { inCodebookOrder, useLiveCodes } from './CodebookEditor.tsx';
import { codingHref, Said, useAction, useCodingTexts, When } from './shared.tsx';

/** Samples for several coders: making one, each coder's progress, and once all have finished the agreement and the consensus pass. */
export function SamplesView({ surveyId, book, user }: { surveyId: string; book: Codebook; user: User }) {
  const c = useCodingTexts();
  const { search } = useLocation();
  const chosen = search.get('otos');
  const samples = useApi<Samples>(codingUrls.samples(book.id));
  return (
    <>
      <LoadState result={samples}>
        {(data) => (
          <section aria-labelledby="coding-samples">
            <h3 id="coding-samples">{c.samples}</h3>
            {data.samples.length === 0 ? (
              <p>{c.noSamples}</p>
            ) : (
              <ul>
                {data.samples.map((s) => (
                  <li key={s.id}>
                    <Link href={codingHref(surveyId, { kirja: book.id, osio: 'samples', otos: s.id })} aria-current={s.id === chosen ? 'true' : undefined}>
                      {c.sampleLabel(s.size, c.methods[s.method] ?? s.method)}
                    </Link>{' '}
                    <span className="hint">
                      ({c.created} <When iso={s.createdAt} />)
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </LoadState>
      {chosen && <SampleDetail key={chosen} surveyId={surveyId} book={book} sampleId={chosen} user={user} />}
      <NewSampleForm surveyId={surveyId} book={book} onMade={samples.reload} />
    </>
  );
}

function NewSampleForm({ surveyId, book, onMade }: { surveyId: string; book: Codebook; onMade(): void }) {
  const c = useCodingTexts();
  const ids = useId();
  const coders = useApi<Coders>(codingUrls.coders);
  const action = useAction(onMade);
  const [size, setSize] = useState('20');
  const [method, setMethod] = useState<'random' | 'stratified'>('random');
  const [picked, setPicked] = useState<string[]>([]);
  const [seed, setSeed] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const made = await createSample(book.id, { size: Number(size), method, coders: picked, ...(seed.trim() ? { seed: Number(seed) } : {}) });
      navigate(codingHref(surveyId, { kirja: book.id, osio: 'samples', otos: made.id }));
      return c.sampleCreated(made.size);
    });
  };
  return (
    <form className="coding-form" onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{c.newSample}</h3>
      <p className="hint">{c.sampleHelp}</p>
      <div className="field">
        <label htmlFor={`${ids}-size`}>{c.size}</label>
        <input id={`${ids}-size`} inputMode="numeric" pattern="[0-9]*" value={size} onChange={(e) => setSize(e.target.value)} required />
      </div>
      <fieldset className="inline-choices">
        <legend>{c.method}</legend>
        {(['random', 'stratified'] as const).map((m) => (
          <label key={m} className="choice">
            <input type="radio" name={`${ids}-method`} value={m} checked={method === m} onChange={() => setMethod(m)} />
            {c.methods[m]}
          </label>
        ))}
      </fieldset>
      <fieldset aria-describedby={`${ids}-coders-help`}>
        <legend>{c.coders}</legend>
        <p className="hint" id={`${ids}-coders-help`}>
          {c.codersHelp}
        </p>
        {coders.data?.coders.map((u) => (
          <label key={u.id} className="choice">
            <input type="checkbox" checked={picked.includes(u.id)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, u.id] : p.filter((x) => x !== u.id)))} />
            {u.email}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-seed`}>{c.seed}</label>
        <span className="hint" id={`${ids}-seed-help`}>
          {c.seedHelp}
        </span>
        <input id={`${ids}-seed`} inputMode="numeric" pattern="[0-9]*" value={seed} onChange={(e) => setSeed(e.target.value)} aria-describedby={`${ids}-seed-help`} />
      </div>
      <Said message={action.message} />
      <button type="submit" className="button" disabled={action.busy}>
        {c.createSample}
      </button>
    </form>
  );
}

function SampleDetail({ surveyId, book, sampleId, user }: { surveyId: string; book: Codebook; sampleId: string; user: User }) {
  const c = useCodingTexts();
  const sample = useApi<Sample>(codingUrls.sample(sampleId));
  return (
    <LoadState result={sample}>
      {(s) => (
        <section aria-labelledby="coding-sample" className="coding-form">
          <h3 id="coding-sample">{c.sampleTitle(s.size)}</h3>
          <div className="table-wrap" role="region" aria-label={c.coders} tabIndex={0}>
            <table className="data-table data-table--compact">
              <thead>
                <tr>
                  <th scope="col">{c.coder}</th>
                  <th scope="col">{c.done}</th>
                  <th scope="col">{c.skipped}</th>
                </tr>
              </thead>
              <tbody>
                {s.coders.map((coder) => (
                  <tr key={coder.id}>
                    <th scope="row">
                      {coder.email ?? coder.id} {coder.id === user.id ? c.you : ''}
                    </th>
                    <td>
                      {coder.done} / {s.size}
                    </td>
                    <td>{coder.skipped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.coders.some((x) => x.id === user.id) && !s.complete && (
            <p>
              <Link href={codingHref(surveyId, { kirja: book.id, osio: 'code', otos: s.id })}>{c.codeSample}</Link>
            </p>
          )}
          {s.complete ? (
            <>
              <AgreementTable sampleId={s.id} />
              <DisagreementList book={book} sample={s} />
            </>
          ) : (
            <p className="notice">{c.inProgress}</p>
          )}
        </section>
      )}
    </LoadState>
  );
}

function AgreementTable({ sampleId }: { sampleId: string }) {
  const c = useCodingTexts();
  const { percent, number, language } = useLanguage();
  const result = useApi<SampleAgreement>(codingUrls.agreement(sampleId));
  const fmt = (v: number | null, digits = 2) => (v === null ? '–' : number(v, digits));
  return (
    <LoadState result={result}>
      {(a) => {
        const coefficient = a.coders === 2 ? c.kappa : c.alpha;
        const value = (s: { kappa: number | null; alpha: number | null }) => fmt(a.coders === 2 ? s.kappa : s.alpha);
        return (
          <>
            <h4>{c.agreement}</h4>
            <p className="hint">{c.agreementHelp}</p>
            <div className="table-wrap" role="region" aria-label={c.agreement} tabIndex={0}>
              <table className="data-table" data-testid="agreement">
                <thead>
                  <tr>
                    <th scope="col">{c.codeCol}</th>
                    <th scope="col">{c.units}</th>
                    <th scope="col">{c.percent}</th>
                    <th scope="col">{coefficient}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{c.overall}</th>
                    <td>{a.overall.units}</td>
                    <td>{a.overall.percent === null ? '–' : percent(a.overall.percent * 100)}</td>
                    <td>{value(a.overall)}</td>
                  </tr>
                  {a.perCode.map((p) => (
                    <tr key={p.code}>
                      <th scope="row">{p.name[language] || p.name.fi}</th>
                      <td>{p.units}</td>
                      <td>{p.percent === null ? '–' : percent(p.percent * 100)}</td>
                      <td>{value(p)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        );
      }}
    </LoadState>
  );
}

function DisagreementList({ book, sample }: { book: Codebook; sample: Sample }) {
  const c = useCodingTexts();
  const result = useApi<Disagreements>(codingUrls.disagreements(sample.id));
  const emails = new Map(sample.coders.map((x) => [x.id, x.email ?? x.id]));
  return (
    <LoadState result={result}>
      {(d) => (
        <>
          <h4>{c.disagreements}</h4>
          <p className="hint">{c.disagreementsHelp}</p>
          {d.items.length === 0 ? (
            <p>{c.noDisagreements}</p>
          ) : (
            <ol className="verdicts" data-testid="disagreements">
              {d.items.map((item, i) => (
                <li key={item.responseId} className="disagreement">
                  <Consensus book={book} sampleId={sample.id} item={item} number={i + 1} emails={emails} onSaved={result.reload} />
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </LoadState>
  );
}

function Consensus({
  book,
  sampleId,
  item,
  number,
  emails,
  onSaved,
}: {
  book: Codebook;
  sampleId: string;
  item: Disagreements['items'][number];
  number: number;
  emails: Map<string, string>;
  onSaved(): void;
}) {
  const c = useCodingTexts();
  const ids = useId();
  const codes = useLiveCodes(book);
  const action = useAction(onSaved);
  const [picked, setPicked] = useState<string[]>(item.consensus?.codes ?? []);
  const [notCodable, setNotCodable] = useState(item.consensus?.status === 'not_codable');
  const label = (id: string) => codes.find((x) => x.code.id === id)?.label ?? book.codes.find((x) => x.id === id)?.name.fi ?? '?';
  const describe = (v: { status: string; codes: string[] }) => (v.status === 'coded' ? inCodebookOrder(codes, v.codes).map(label).join(', ') : (c.statusNames[v.status] ?? v.status));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const v = await recordConsensus(sampleId, item.responseId, notCodable ? { status: 'not_codable', codes: [] } : { status: 'coded', codes: picked });
      return c.consensusRecorded(describe(v));
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h5 id={`${ids}-title`} className="visually-hidden">
        {c.consensusFor(number)}
      </h5>
      <blockquote>{item.text}</blockquote>
      <ul className="verdicts">
        {item.verdicts.map((v) => (
          <li key={v.coder}>
            {emails.get(v.coder) ?? v.coder}: <strong>{describe(v)}</strong>
          </li>
        ))}
        <li data-testid="consensus-state">
          {c.consensus}: <strong>{item.consensus ? describe(item.consensus) : c.notYet}</strong>
        </li>
      </ul>
      <fieldset>
        <legend>{c.consensusFor(number)}</legend>
        <div className="choice-columns">
          {codes.map((x) => (
            <label key={x.code.id} className="choice">
              <input type="checkbox" checked={picked.includes(x.code.id)} disabled={notCodable} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, x.code.id] : p.filter((y) => y !== x.code.id)))} />
              {x.label}
            </label>
          ))}
          <label className="choice">
            <input type="checkbox" checked={notCodable} onChange={(e) => setNotCodable(e.target.checked)} />
            {c.notCodable}
          </label>
        </div>
      </fieldset>
      <Said message={action.message} />
      <button type="submit" className="button button--small" disabled={action.busy}>
        {c.saveConsensus}
      </button>
    </form>
  );
}
