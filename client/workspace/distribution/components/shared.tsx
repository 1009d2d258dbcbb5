import { useState } from 'react';
import { ApiProblem } from '../../../common/session.ts';
import { useLanguage } from '../../app/i18n.tsx';
import { setLinkClosed, type Link } from '../api/distribution.ts';
import { distributionTexts } from '../texts.ts';

export function problemText(error: unknown): string {
  if (error instanceof ApiProblem) {
    const fields = error.error.fields?.map((f) => `${f.field}: ${f.message}`).join('; ');
    // The message in the page's language; the fields or the detail (in English) say what exactly.
    const specific = fields || error.error.detail;
    return `${error.error.message}${specific ? ` (${specific})` : ''} [${error.error.code}]`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * An admin action's state: `run` does one piece of work at a time, then reloads what it changed and
 * says what happened (the returned text, or the problem) in `message` for a live region.
 */
export function useAction(reload: () => void) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await work() });
      reload();
    } catch (error) {
      setMessage({ ok: false, text: problemText(error) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, run };
}

export function LoadProblem({ onRetry }: { onRetry(): void }) {
  const { t } = useLanguage();
  return (
    <div className="notice notice--error" role="alert">
      <p>{t.loadFailed}</p>
      <button type="button" className="button button--secondary" onClick={onRetry}>
        {t.tryAgain}
      </button>
    </div>
  );
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A time in the workspace's language, or a dash when there is none. */
export function When({ iso }: { iso: string | null | undefined }) {
  const { language } = useLanguage();
  if (!iso) return <>{distributionTexts(language).none}</>;
  const locale = language === 'fi' ? 'fi-FI' : language === 'sv' ? 'sv-FI' : 'en-GB';
  if (!timeFormats.has(locale)) timeFormats.set(locale, new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  return <time dateTime={iso}>{timeFormats.get(locale)!.format(new Date(iso))}</time>;
}

/** Copies a link's address, saying so in a live region; without a clipboard the address stays on screen to select. */
export function CopyButton({ url, label }: { url: string; label: string }) {
  const { language } = useLanguage();
  const t = distributionTexts(language);
  const [done, setDone] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        aria-label={`${t.copy}: ${label}`}
        onClick={() =>
          navigator.clipboard.writeText(url).then(
            () => setDone(true),
            () => setDone(false),
          )
        }
      >
        {t.copy}
      </button>
      <span role="status" className="copy-status">
        {done ? t.copied : ''}
      </span>
    </>
  );
}

/** `<input type="datetime-local">` works in the device's time zone; the API takes ISO 8601 instants. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const fromLocalInput = (value: string): string | null => (value ? new Date(value).toISOString() : null);

/** Closes an open link or reopens a closed one through the page's action, which says which happened. */
export function CloseLinkButton({ link, name, busy, run }: { link: Link; name: string; busy: boolean; run(work: () => Promise<string>): Promise<void> }) {
  const { language } = useLanguage();
  const t = distributionTexts(language);
  const closed = link.closedAt !== null;
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      disabled={busy}
      aria-label={`${closed ? t.reopen : t.close}: ${name}`}
      onClick={() => void run(async () => (await setLinkClosed(link.token, !closed), closed ? t.reopenedLink(name) : t.closedLink(name)))}
    >
      {closed ? t.reopen : t.close}
    </button>
  );
}

/**
 * A link's state as the server judges it (`status`, and why a closed one is closed: by an admin,
 * past its closing time, at its response limit), never worked out again here from its fields.
 */
export function LinkStatusTag({ link, open }: { link: Link; open: string }) {
  const { language } = useLanguage();
  const t = distributionTexts(language);
  const text = link.status === 'used' ? t.used : link.status === 'closed' ? (t.closedBecause[link.closedBecause ?? 'closed_by_admin'] ?? t.closed) : open;
  return (
    <span className={`status-tag status-tag--${link.status}`} data-status={link.status}>
      {text}
    </span>
  );
}
