import { useState } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { paths } from '../../app/router.ts';
import type { Code } from '../api/coding.ts';
import { codingTexts } from '../texts.ts';

export const useCodingTexts = () => codingTexts(useLanguage().language);

/** The coding tab's address: the survey's coding path with its own query (codebook, section, sample, answer, filters). */
export function codingHref(surveyId: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') search.set(k, String(v));
  const q = search.toString();
  return paths.survey(surveyId, 'coding', q ? `?${q}` : '');
}

/** A refused request in the page's language, with the server's field or detail (which say exactly what). */
export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    const fields = error.error.fields?.map((f) => `${f.field}: ${f.message}`).join('; ');
    const specific = fields || error.error.detail;
    return `${error.error.message}${specific ? ` (${specific})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** One change at a time: `run` does it, then `after` (a reload), and says what happened in `message` for a live region. */
export function useAction(after: () => void = () => undefined) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (work: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await work() });
      after();
      return true;
    } catch (error) {
      setMessage({ ok: false, text: problemText(error) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, setMessage, run };
}

/** What an action said; a polite live region that is always there, so screen readers hear each message. */
export function Said({ message }: { message: { ok: boolean; text: string } | null }) {
  return (
    <div role="status" aria-live="polite" className={message ? `notice ${message.ok ? 'notice--ok' : 'notice--error'}` : 'coding-status-empty'}>
      {message?.text}
    </div>
  );
}

/** A code's name in the workspace's language. */
export function useCodeName() {
  const { language } = useLanguage();
  return (code: Pick<Code, 'name'> | undefined, fallback = '?') => (code ? code.name[language] || code.name.fi : fallback);
}

export function When({ iso }: { iso: string | null }) {
  const { language } = useLanguage();
  if (!iso) return <>–</>;
  const locale = language === 'fi' ? 'fi-FI' : language === 'sv' ? 'sv-FI' : 'en-GB';
  return <time dateTime={iso}>{new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso))}</time>;
}
