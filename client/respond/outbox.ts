// Submissions waiting to be delivered. A submission is written to localStorage before the first
// attempt and removed only once the server has acknowledged it (201, or 200 for a repeat), so a
// dead connection, a server error or a closed tab never loses it. Every attempt sends the same
// body with the same response id, which the server uses as the idempotency key: a response whose
// first acknowledgement got lost on the way back is not stored twice.
import { useSyncExternalStore } from 'react';
import { ApiProblem, submitResponse, type ApiErrorT, type ReceiptT, type SubmissionT } from '../common/api.ts';
import { keysStartingWith, readJson, remove, writeJson } from '../common/storage.ts';

export interface PendingSubmission {
  readonly surveyId: string;
  /** The survey's title, to name it in a notice on another page. */
  readonly title: string | Record<string, string>;
  readonly body: SubmissionT;
  /** The storage key of the answers being filled in, removed once this is delivered. */
  readonly draftKey: string;
  readonly queuedAt: string;
}

export type Delivery =
  | { readonly kind: 'sending'; readonly attempts: number }
  | { readonly kind: 'waiting'; readonly attempts: number; readonly nextAttemptAt: number }
  | { readonly kind: 'delivered'; readonly receipt: ReceiptT; readonly late: boolean }
  | { readonly kind: 'rejected'; readonly status: number; readonly error: ApiErrorT };

const KEY = 'outbox:';
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/** Exponential backoff with ±20 % jitter, so that many phones coming back online do not retry in step. */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Worth trying again: the server was not reached, failed, or asked us to slow down. Everything else
 * is final, notably 403 (closed, full, not yet open, link closed) and 409 (invitation already used):
 * the same body would get the same answer, so the reason is shown instead of retrying.
 */
function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiProblem)) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

class Outbox {
  private readonly deliveries = new Map<string, Delivery>();
  /** The survey of each submission this page has handled, kept after it leaves storage. */
  private readonly surveyOf = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<() => void>();
  private listening = false;

  /** Keeps the submission, then starts delivering it. */
  submit(pending: PendingSubmission): void {
    writeJson(KEY + pending.body.id, pending);
    void this.attempt(pending.body.id);
  }

  /** Every submission still waiting in this browser (perhaps from a tab closed long ago). */
  stored(): PendingSubmission[] {
    return keysStartingWith(KEY)
      .map((key) => readJson<PendingSubmission>(key))
      .filter((p): p is PendingSubmission => p !== null && typeof p.body?.id === 'string');
  }

  /** Starts delivering everything stored that is not already on its way. */
  resumeAll(): void {
    this.listenToConnectivity();
    for (const pending of this.stored()) {
      const kind = this.deliveries.get(pending.body.id)?.kind;
      if (kind === undefined) void this.attempt(pending.body.id);
    }
  }

  /** Tries a waiting submission at once (the respondent pressed "try now", or the browser came back online). */
  retryNow(id: string): void {
    if (this.deliveries.get(id)?.kind !== 'waiting') return;
    void this.attempt(id);
  }

  /**
   * This survey's submission still in storage, or else the last one this page handled: a
   * submission resumed at page load may be delivered (and gone from storage) before the survey's
   * page asks, and the respondent should still see its receipt rather than an empty form.
   */
  submissionFor(surveyId: string): string | null {
    const stored = this.stored().find((p) => p.surveyId === surveyId);
    if (stored) return stored.body.id;
    const handled = [...this.surveyOf].filter(([, survey]) => survey === surveyId).map(([id]) => id);
    return handled.at(-1) ?? null;
  }

  delivery(id: string): Delivery | undefined {
    return this.deliveries.get(id);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(id: string, delivery: Delivery) {
    this.deliveries.set(id, delivery);
    for (const listener of this.listeners) listener();
  }

  private async attempt(id: string): Promise<void> {
    const pending = readJson<PendingSubmission>(KEY + id);
    if (!pending) return;
    this.surveyOf.set(id, pending.surveyId);
    this.listenToConnectivity();
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const previous = this.deliveries.get(id);
    const attempts = (previous && 'attempts' in previous ? previous.attempts : 0) + 1;
    this.set(id, { kind: 'sending', attempts });
    try {
      const { receipt, late } = await submitResponse(pending.surveyId, pending.body);
      remove(KEY + id);
      remove(pending.draftKey);
      this.set(id, { kind: 'delivered', receipt, late: late === true });
    } catch (error) {
      if (isTransient(error)) {
        const delay = retryDelay(attempts);
        this.timers.set(id, setTimeout(() => void this.attempt(id), delay));
        this.set(id, { kind: 'waiting', attempts, nextAttemptAt: Date.now() + delay });
      } else {
        // The server read it and said no (invalid answers, survey closed): resending the same body
        // cannot help, so it leaves the outbox; the answers being filled in stay for correcting.
        remove(KEY + id);
        const problem = error as ApiProblem;
        this.set(id, { kind: 'rejected', status: problem.status, error: problem.error });
      }
    }
  }

  private listenToConnectivity() {
    if (this.listening) return;
    this.listening = true;
    const retryWaiting = () => {
      for (const [id, delivery] of this.deliveries) if (delivery.kind === 'waiting') this.retryNow(id);
    };
    window.addEventListener('online', retryWaiting);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') retryWaiting();
    });
  }
}

/** The page's one outbox. */
export const outbox = new Outbox();

/** The delivery state of one submission, re-rendering as it changes. */
export function useDelivery(id: string | null): Delivery | undefined {
  return useSyncExternalStore(outbox.subscribe, () => (id ? outbox.delivery(id) : undefined));
}
