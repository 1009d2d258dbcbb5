import { useEffect, useMemo, useState } from 'react';
import { Model } from 'survey-core';
import { Survey } from 'survey-react-ui';
import 'survey-core/survey-core.fontless.css';
import { getSurvey, listSurveys, submitResponse, type ReceiptT, type SurveyDetailT, type SurveySummaryT } from './api.ts';

function text(value: string | Record<string, string>): string {
  return typeof value === 'string' ? value : (value.default ?? Object.values(value)[0] ?? '');
}

function SurveyList() {
  const [surveys, setSurveys] = useState<SurveySummaryT[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listSurveys().then((r) => setSurveys(r.surveys), (e: Error) => setError(e.message));
  }, []);
  return (
    <main>
      <h1>Kuulo – avoimet kyselyt</h1>
      {error && <p role="alert">{error}</p>}
      {surveys === null && !error && <p>Ladataan…</p>}
      <ul>
        {surveys?.map((s) => (
          <li key={s.id}>
            <a href={`/s/${s.id}`}>{text(s.title)}</a>
          </li>
        ))}
      </ul>
    </main>
  );
}

function SurveyPage({ id }: { id: string }) {
  const [detail, setDetail] = useState<SurveyDetailT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<ReceiptT | null>(null);
  useEffect(() => {
    getSurvey(id).then(setDetail, (e: Error) => setError(e.message));
  }, [id]);
  const model = useMemo(() => {
    if (!detail) return null;
    const m = new Model(detail.definition);
    const startedAt = new Date().toISOString();
    const responseId = crypto.randomUUID();
    m.onComplete.add((sender, options) => {
      options.showSaveInProgress();
      submitResponse(id, { id: responseId, version: detail.version, data: sender.data, locale: sender.locale || 'fi', startedAt }).then(
        (r) => {
          options.showSaveSuccess();
          setReceipt(r.receipt);
        },
        (e: Error) => options.showSaveError(e.message),
      );
    });
    return m;
  }, [detail, id]);
  if (error) return <main><p role="alert">{error}</p></main>;
  if (!detail || !model) return <main><p>Ladataan…</p></main>;
  if (detail.status !== 'open') return <main><h1>{text(detail.title)}</h1><p>Kysely ei ole avoinna.</p></main>;
  return (
    <main>
      <Survey model={model} />
      {receipt && <p role="status">Vastauksesi on tallennettu. Kuittauskoodi: <strong>{receipt.receiptCode}</strong></p>}
    </main>
  );
}

export function App() {
  const match = /^\/s\/([a-z0-9-]+)\/?$/.exec(window.location.pathname);
  return match?.[1] ? <SurveyPage id={match[1]} /> : <SurveyList />;
}
