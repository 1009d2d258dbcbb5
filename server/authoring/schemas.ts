// The authoring API's contract: drafts (whole survey files with a revision), their checks and
// condition readings, the difference against the published version, and publishing.
import { Type } from 'typebox';
import { Nullable, SurveyKey } from '../http/schema-parts.ts';

/** A survey file: the envelope with its SurveyJS definition under `survey` (README, "Survey files"). A draft may be incomplete; the checks say what stops publishing. */
const SurveyFileBody = Type.Object({ survey: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: true });
/** A title as a draft holds it: a text or texts per locale, or, in a draft being written, anything the checks then name. */
const DraftTitle = Type.Unknown();
const Source = Type.Union([Type.Literal('new'), Type.Literal('file'), Type.Literal('authored')]);

export const DraftId = Type.Object({ id: SurveyKey });

export const NewDraft = Type.Object(
  {
    id: SurveyKey,
    from: Type.Union([
      Type.Object({ kind: Type.Literal('empty') }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('copy'), survey: SurveyKey }, { additionalProperties: false }),
      /** The text of a survey file or a plain SurveyJS definition (e.g. from SurveyJS's online builder or an earlier wave). */
      Type.Object({ kind: Type.Literal('upload'), text: Type.String({ minLength: 1, maxLength: 4_000_000 }) }, { additionalProperties: false }),
      /** A draft of a served survey under its own id: the next version when published. */
      Type.Object({ kind: Type.Literal('edit') }, { additionalProperties: false }),
    ]),
  },
  { additionalProperties: false },
);

export const DraftSave = Type.Object({ revision: Type.Integer({ minimum: 1 }), file: SurveyFileBody }, { additionalProperties: false });
export const Publish = Type.Object({ confirmBreaking: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const FileQuery = Type.Object({ draft: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

const DraftSummary = {
  id: Type.String(),
  title: DraftTitle,
  revision: Type.Integer(),
  updatedAt: Type.String(),
  updatedBy: Nullable(Type.String()),
  /** The e-mail address of the account that saved the last revision (null: no account, or one since deleted). */
  updatedByEmail: Nullable(Type.String()),
  /** The version served now; null for a survey never published. */
  publishedVersion: Nullable(Type.Integer()),
  source: Source,
};

const Reading = Nullable(Type.String());
export const Draft = Type.Object({
  ...DraftSummary,
  file: SurveyFileBody,
  check: Type.Object({
    errors: Type.Array(Type.String()),
    warnings: Type.Array(Type.String()),
    conditions: Type.Array(
      Type.Object({ path: Type.String(), owner: Nullable(Type.String()), expression: Type.String(), reading: Type.Object({ fi: Reading, sv: Reading, en: Reading }) }),
    ),
  }),
});

export const AuthoringList = Type.Object({
  drafts: Type.Array(Type.Object(DraftSummary)),
  surveys: Type.Array(Type.Object({ id: Type.String(), title: DraftTitle, version: Type.Integer(), source: Source, hasDraft: Type.Boolean() })),
});

const Items = Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()), relabelled: Type.Array(Type.String()) });
export const Diff = Type.Object({
  added: Type.Array(Type.String()),
  removed: Type.Array(Type.String()),
  changed: Type.Array(Type.Object({ name: Type.String(), properties: Type.Array(Type.String()), choices: Items, rows: Items, columns: Items, breaking: Type.Array(Type.String()) })),
  breaking: Type.Array(Type.String()),
});

export const DraftDiff = Type.Object({ publishedVersion: Nullable(Type.Integer()), diff: Diff });
export const Published = Type.Object({ id: Type.String(), version: Type.Integer(), previousVersion: Nullable(Type.Integer()), diff: Diff });

/** A translator's filled workbook (`GET …/translations.xlsx`), as the response import takes a file: base64 inside JSON. */
export const TranslationsUpload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    /** The XLSX file's bytes in base64. */
    content: Type.String({ minLength: 1, contentEncoding: 'base64' }),
    /** The draft's revision the author's editor holds: 409 `survey_draft_changed` when it has moved on. */
    revision: Type.Integer({ minimum: 1 }),
    /** An empty cell removes that language's wording (default: an empty cell leaves the draft's as it is). */
    emptyErases: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const TranslationsApplied = Type.Object({
  /** The draft's revision now: the next one when anything was applied, else unchanged. */
  revision: Type.Integer(),
  /** Per language column of the file, the texts it added, reworded or (asked to) erased. */
  applied: Type.Record(Type.String(), Type.Integer()),
  /** Rows of texts read. */
  rows: Type.Integer(),
});

/** The preview's test answer (`POST …/test-answer`): judged as a resident's, never stored. */
export const TestAnswer = Type.Object(
  {
    /** The SurveyJS data as the preview's form gives it. */
    data: Type.Object({}, { additionalProperties: true }),
    locale: Type.String({ pattern: '^[a-z]{2,3}(-[a-z0-9]{1,8})*$', maxLength: 35 }),
    /** The draft's revision the answer was filled in on: another stored revision is 409 `survey_draft_changed`. */
    revision: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const TestVerdict = Type.Object({
  accepted: Type.Boolean(),
  revision: Type.Integer(),
  problems: Type.Array(Type.Object({ question: Type.String(), code: Type.String(), message: Type.String() })),
  /** The answers as a real submission would store them; null when refused. Nothing is stored. */
  data: Nullable(Type.Object({}, { additionalProperties: true })),
  answerRows: Type.Integer(),
});

const Sentence = Type.Object({ fi: Type.String(), sv: Type.String(), en: Type.String() });
/** The checks (lint) panel: each finding with its rule, severity, place and sentence in three languages. */
export const DraftLint = Type.Object({
  revision: Type.Integer(),
  publishedVersion: Nullable(Type.Integer()),
  /** The survey's languages, as the respondent page offers them (`fi` for the `default` texts). */
  languages: Type.Array(Type.String()),
  findings: Type.Array(
    Type.Object({
      rule: Type.Union([Type.Literal('untranslated'), Type.Literal('unreachable'), Type.Literal('choice_reused'), Type.Literal('municipality_codes'), Type.Literal('meaning_changed')]),
      severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
      page: Nullable(Type.String()),
      question: Nullable(Type.String()),
      language: Nullable(Type.String()),
      message: Sentence,
    }),
  ),
});
