import { useState } from 'react';
import { localized, useLanguage } from './i18n.tsx';
import { outbox, useDelivery, type PendingSubmission } from './outbox.ts';

function PendingNotice({ pending }: { pending: PendingSubmission }) {
  const { t, language } = useLanguage();
  const delivery = useDelivery(pending.body.id);
  const title = localized(pending.title, language);
  if (delivery?.kind === 'delivered') {
    return (
      <p className="notice notice--ok" role="status">
        {t.pendingDelivered(title, delivery.receipt.receiptCode)}
      </p>
    );
  }
  if (delivery?.kind === 'rejected') {
    return (
      <p className="notice notice--error" role="alert">
        {t.rejectedTitle}: {title}
      </p>
    );
  }
  return (
    <p className="notice notice--waiting" role="status">
      {t.pendingWaiting(title)}
    </p>
  );
}

/**
 * Answers that were waiting in this browser when the page opened (perhaps from a tab closed
 * offline): the outbox sends them, and this says how it went.
 */
export function PendingNotices({ exceptSurvey }: { exceptSurvey?: string | undefined }) {
  const [waiting] = useState(() => outbox.stored().filter((p) => p.surveyId !== exceptSurvey));
  if (waiting.length === 0) return null;
  return (
    <div className="pending-notices">
      {waiting.map((p) => (
        <PendingNotice key={p.body.id} pending={p} />
      ))}
    </div>
  );
}
