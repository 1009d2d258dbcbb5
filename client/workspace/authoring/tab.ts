// The contract between the survey editor's host (client/workspace/authoring/components/DraftEditor.tsx:
// loads the draft, keeps the author's unsaved changes, autosaves them) and its tabs, each a lazily
// loaded component of its own folder: structure and JSON (the host's), translations, preview, checks
// (lint) and publishing. A tab reads the file being edited, changes it through `onChange` (the host
// saves), and asks the host to save or reload around server-side operations (a translation import
// makes a revision of its own on the server).

/** A survey file as the authoring API holds it: the envelope, with the SurveyJS definition under `survey`. */
export type SurveyFile = { survey: Record<string, unknown> } & Record<string, unknown>;

/** `GET /api/authoring/drafts/:id` (server/authoring/schemas.ts `Draft`). */
export interface DraftView {
  readonly id: string;
  readonly title: unknown;
  readonly revision: number;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
  readonly updatedByEmail: string | null;
  readonly publishedVersion: number | null;
  readonly source: 'new' | 'file' | 'authored';
  readonly file: SurveyFile;
  readonly check: {
    readonly errors: readonly string[];
    readonly warnings: readonly string[];
    readonly conditions: readonly { path: string; owner: string | null; expression: string; reading: { fi: string | null; sv: string | null; en: string | null } }[];
  };
}

export interface DraftTabProps {
  /** The draft as last saved on the server (its revision, checks and condition readings). */
  readonly draft: DraftView;
  /** The file as the author sees it now, unsaved changes included. */
  readonly file: SurveyFile;
  /** Replace the file being edited; the host autosaves it and refreshes `draft`. */
  onChange(file: SurveyFile): void;
  /** Save pending changes now; resolves with the saved draft (before an operation on the server's copy). */
  flush(): Promise<DraftView>;
  /** Load the draft again from the server (after an operation that made a revision there). */
  reload(): Promise<DraftView>;
}

export type DraftTab = 'structure' | 'translations' | 'preview' | 'checks' | 'json' | 'publish';
/** The tabs' address segments: `/laadinta/<id>` is the structure, `/laadinta/<id>/kaannokset` the translations… */
export const DRAFT_TAB_SEGMENTS: Record<DraftTab, string> = {
  structure: '',
  translations: '/kaannokset',
  preview: '/esikatselu',
  checks: '/tarkistukset',
  json: '/json',
  publish: '/julkaisu',
};
