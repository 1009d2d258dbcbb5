// What the preview tab (the editor, workspace.html) and the preview page in its frame (`/esikatselu/<id>`,
// a lazily loaded chunk of the respondent's survey.html) tell each other with postMessage. Both are
// this server's pages, so each side takes a message only from its own origin and from the other window.

/** Editor → frame. */
export type ToPreview =
  /** The file being edited (unsaved changes included) and the language to show it in. */
  | { readonly type: 'kuulo-preview:file'; readonly file: { survey: Record<string, unknown> } & Record<string, unknown>; readonly language: string }
  | { readonly type: 'kuulo-preview:language'; readonly language: string }
  /** Let the form send without its own checks, so that the server's refusals can be seen. */
  | { readonly type: 'kuulo-preview:checks'; readonly formChecks: boolean }
  /** Start the form again, empty (`keep`: with the answers just sent, to correct them). */
  | { readonly type: 'kuulo-preview:again'; readonly keep: boolean };

/** Frame → editor. */
export type FromPreview =
  | { readonly type: 'kuulo-preview:ready' }
  /** The languages the respondent page offers for this file, and the one shown. */
  | { readonly type: 'kuulo-preview:languages'; readonly languages: readonly string[]; readonly language: string }
  | { readonly type: 'kuulo-preview:height'; readonly height: number }
  /** The author pressed the last button: the answers to judge as a test answer. */
  | { readonly type: 'kuulo-preview:answer'; readonly data: Record<string, unknown>; readonly locale: string };

export const PREVIEW_PATH = (id: string) => `/esikatselu/${encodeURIComponent(id)}`;

/** Whether a message event came from this origin and, when given, from that window, with a preview message. */
export function previewMessage<T extends { type: string }>(event: MessageEvent, from: MessageEventSource | null): T | null {
  if (event.origin !== window.location.origin || (from !== null && event.source !== from)) return null;
  const data = event.data as { type?: unknown } | null;
  return data && typeof data.type === 'string' && data.type.startsWith('kuulo-preview:') ? (data as T) : null;
}
