import { useEffect, useRef, useState } from 'react';
import type { SurveyModel } from 'survey-core';
import type { AnswerProblemT } from '../../common/api.ts';
import { useLanguage } from '../i18n.tsx';
import { paths } from '../Layout.tsx';
import { outbox, useDelivery } from '../outbox.ts';
import { gaveIdentifyingAnswers } from './identifying.ts';
import { RIGHTS_TEXTS } from '../rights/texts.ts';

/** Moves focus to a view's heading when it appears, so a screen reader reads what happened. */
function useFocusOnShow<T extends HTMLElement>(key: string) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return ref;
}

function SecondsUntil({ at }: { at: number }) {
  const { t } = useLanguage();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <>{t.nextAttempt(Math.max(0, Math.ceil((at - now) / 1000)))}</>;
}

function problemText(problem: AnswerProblemT, model: SurveyModel, t: ReturnType<typeof useLanguage>['t']) {
  const question = model.getQuestionByValueName(problem.question) ?? model.getQuestionByName(problem.question.split('.')[0] ?? '');
  const name = question ? question.processedTitle || question.name : problem.question;
  return `${name}: ${t.problem[problem.code] ?? t.problem.other}`;
}

/** The rights code on the thank-you page: the key to see and erase this answer later, to copy or write down. */
function RightsCode({ code, invitation }: { code: string; invitation: boolean }) {
  const { language } = useLanguage();
  const r = RIGHTS_TEXTS[language];
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // No clipboard (an http page, a refused permission): the code is on the page to write down.
    }
  };
  return (
    <div className="rights-code" aria-labelledby="rights-code-heading">
      <h3 id="rights-code-heading">{r.thanksCodeTitle}</h3>
      <p>
        <strong className="receipt-code" data-testid="rights-code">
          {code}
        </strong>
      </p>
      <p>{r.thanksCodeHelp}</p>
      {invitation && <p>{r.thanksCodeInvitation}</p>}
      <p>
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {r.copyCode}
        </button>{' '}
        <span role="status">{copied ? r.codeCopied : ''}</span>
      </p>
      <p>
        <a href={paths.rights}>{r.nav}</a>
      </p>
    </div>
  );
}

/** What became of the submitted answers: sending, waiting to be sent, refused, or the thank-you page. */
export function Submission({
  id,
  model,
  onBack,
  identifying,
  invitation = false,
}: {
  id: string;
  model: SurveyModel;
  onBack: () => void;
  identifying: ReadonlySet<string>;
  /** Answered through an invitation: its link opens the answer too. */
  invitation?: boolean;
}) {
  const { t } = useLanguage();
  const delivery = useDelivery(id);
  const kind = delivery?.kind ?? 'sending';
  const waitingOnce = delivery !== undefined && 'attempts' in delivery && (delivery.kind === 'waiting' || delivery.attempts > 1);
  const headingRef = useFocusOnShow<HTMLHeadingElement>(kind === 'delivered' || kind === 'rejected' ? kind : waitingOnce ? 'waiting' : 'sending');

  useEffect(() => {
    // A submission from an earlier visit is not on its way yet in this page.
    if (!delivery) outbox.resumeAll();
  }, [delivery]);

  if (delivery?.kind === 'delivered') {
    return (
      <section className="notice notice--ok" aria-labelledby="thanks-heading">
        <h2 id="thanks-heading" ref={headingRef} tabIndex={-1}>
          {t.thanksTitle}
        </h2>
        {/* "You answered anonymously" only when no name, e-mail address or phone number went with the answer. */}
        <p data-testid="thanks-body">{gaveIdentifyingAnswers(identifying, model.data as Record<string, unknown>) ? t.thanksBodyIdentified : t.thanksBody}</p>
        {delivery.late && <p data-testid="late-notice">{t.lateBody}</p>}
        <p>
          {t.receiptCode}:<br />
          <strong className="receipt-code" data-testid="receipt-code">
            {delivery.receipt.receiptCode}
          </strong>
        </p>
        <p className="muted">{t.receiptHelp}</p>
        {delivery.receipt.rightsCode && <RightsCode code={delivery.receipt.rightsCode} invitation={invitation} />}
        <p>
          <a href={paths.front}>{t.frontPage}</a>
        </p>
      </section>
    );
  }

  if (delivery?.kind === 'rejected') {
    const problems = delivery.error.questions ?? [];
    return (
      <section className="notice notice--error" aria-labelledby="rejected-heading">
        <h2 id="rejected-heading" ref={headingRef} tabIndex={-1}>
          {t.rejectedTitle}
        </h2>
        {problems.length > 0 ? (
          <>
            <p>{t.invalidAnswers}</p>
            <ul>
              {problems.map((p) => (
                <li key={`${p.question}:${p.code}`}>{problemText(p, model, t)}</li>
              ))}
            </ul>
          </>
        ) : (
          <p data-testid="rejection-reason">{t.rejection[delivery.error.code] ?? (delivery.status === 403 ? t.surveyNotOpen : delivery.error.message)}</p>
        )}
        {/* Closed, full, a used invitation: correcting the answers cannot change the verdict. */}
        {delivery.status !== 403 && delivery.error.code !== 'invitation_used' && (
          <button type="button" className="button" onClick={onBack}>
            {t.backToAnswers}
          </button>
        )}
      </section>
    );
  }

  // Once a first attempt has failed, the page keeps saying "waiting" through the later attempts.
  const waiting = delivery?.kind === 'waiting' || (delivery?.kind === 'sending' && delivery.attempts > 1);
  return (
    <section className={`notice ${waiting ? 'notice--waiting' : ''}`} aria-labelledby="pending-heading">
      <h2 id="pending-heading" ref={headingRef} tabIndex={-1}>
        {waiting ? t.waitingTitle : t.sending}
      </h2>
      <div role="status">{waiting && <p>{t.waitingBody}</p>}</div>
      {waiting && (
        <>
          <p className="muted">{delivery?.kind === 'waiting' ? <SecondsUntil at={delivery.nextAttemptAt} /> : t.retrying}</p>
          <button type="button" className="button button--secondary" disabled={delivery?.kind !== 'waiting'} onClick={() => outbox.retryNow(id)}>
            {t.sendNow}
          </button>
        </>
      )}
    </section>
  );
}
