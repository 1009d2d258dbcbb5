// The coding API's contract: codebooks and their codes, coders' verdicts on open answers, bulk
// codings by a search, samples for several coders, their agreement and the consensus pass.
import { Type, type Static } from 'typebox';
import { Nullable, SurveyKey } from '../http/schema-parts.ts';

const Id = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Text = Type.String({ maxLength: 2000 });

export const CodeName = Type.Object({ fi: Name, sv: Name, en: Name }, { additionalProperties: false });

export const Code = Type.Object({
  id: Id,
  name: CodeName,
  description: Type.String(),
  examples: Type.Array(Type.String()),
  theme: Nullable(Type.String()),
  position: Type.Integer(),
  /** The live code this one was merged into; its assignments count there. Null for a live code. */
  mergedInto: Nullable(Id),
});
export type Code = Static<typeof Code>;

export const Codebook = Type.Object({
  id: Id,
  survey: Type.String(),
  question: Type.String(),
  /** Counts every change (a new code, a rename, a merge, an import). */
  version: Type.Integer(),
  updatedAt: Type.String(),
  /** Live codes first (in their order), then merged ones. */
  codes: Type.Array(Code),
});
export type Codebook = Static<typeof Codebook>;

export const Codebooks = Type.Object({ codebooks: Type.Array(Type.Object({ id: Id, survey: Type.String(), question: Type.String(), version: Type.Integer(), codes: Type.Integer() })) });
export type Codebooks = Static<typeof Codebooks>;

export const SurveyParams = Type.Object({ survey: SurveyKey });
export const CodebookParams = Type.Object({ codebook: Id });
export const CodeParams = Type.Object({ codebook: Id, code: Id });
export const AnswerParams = Type.Object({ codebook: Id, response: Type.String({ minLength: 1, maxLength: 100 }) });
export const BulkParams = Type.Object({ codebook: Id, bulk: Id });
export const SampleParams = Type.Object({ sample: Id });
export const ConsensusParams = Type.Object({ sample: Id, response: Type.String({ minLength: 1, maxLength: 100 }) });

export const NewCodebook = Type.Object({ question: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type NewCodebook = Static<typeof NewCodebook>;

export const NewCode = Type.Object(
  {
    name: CodeName,
    description: Type.Optional(Text),
    examples: Type.Optional(Type.Array(Text, { maxItems: 20 })),
    theme: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type NewCode = Static<typeof NewCode>;

export const CodeChange = Type.Object(
  {
    name: Type.Optional(CodeName),
    description: Type.Optional(Text),
    examples: Type.Optional(Type.Array(Text, { maxItems: 20 })),
    theme: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CodeChange = Static<typeof CodeChange>;

export const Merge = Type.Object({ into: Id }, { additionalProperties: false });
export type Merge = Static<typeof Merge>;

export const CodebookChanges = Type.Object({
  changes: Type.Array(Type.Object({ version: Type.Integer(), at: Type.String(), actor: Nullable(Type.String()), action: Type.String(), code: Nullable(Type.String()), details: Type.Record(Type.String(), Type.Unknown()) })),
});
export type CodebookChanges = Static<typeof CodebookChanges>;

export const Status = Type.Union([Type.Literal('coded'), Type.Literal('not_codable'), Type.Literal('skipped')]);

export const VerdictInput = Type.Object(
  { status: Status, codes: Type.Array(Id, { maxItems: 50, uniqueItems: true }) },
  { additionalProperties: false },
);
export type VerdictInput = Static<typeof VerdictInput>;

export const Verdict = Type.Object({ status: Status, codes: Type.Array(Id), codedAt: Type.String() });
export type Verdict = Static<typeof Verdict>;

export const Progress = Type.Object({ done: Type.Integer(), skipped: Type.Integer(), total: Type.Integer() });

/**
 * One open answer to code, with context only as far as the disclosure policy allows: the
 * publication unit the respondent's municipality belongs to, and closed answers only when that
 * unit is a municipality shown on its own.
 */
export const AnswerToCode = Type.Object({
  responseId: Type.String(),
  text: Type.String(),
  context: Type.Object({
    place: Nullable(Type.String()),
    answers: Type.Array(Type.Object({ question: Type.String(), title: Type.String(), value: Type.String() })),
  }),
  /** This coder's own verdict; never anyone else's. */
  mine: Nullable(Verdict),
});
export type AnswerToCode = Static<typeof AnswerToCode>;

export const NextQuery = Type.Object({ sample: Type.Optional(Id) }, { additionalProperties: false });

export const NextAnswer = Type.Object({ answer: Nullable(AnswerToCode), progress: Progress });
export type NextAnswer = Static<typeof NextAnswer>;

export const Search = Type.Object(
  { search: Type.String({ minLength: 1, maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);
export type Search = Static<typeof Search>;

export const SearchMatches = Type.Object({
  search: Type.String(),
  /** The stems searched for (Snowball Finnish), so a reviewer sees what matched. */
  stems: Type.Array(Type.String()),
  total: Type.Integer(),
  matches: Type.Array(Type.Object({ responseId: Type.String(), text: Type.String() })),
});
export type SearchMatches = Static<typeof SearchMatches>;

export const NewBulk = Type.Object({ search: Type.String({ minLength: 1, maxLength: 200 }), code: Id }, { additionalProperties: false });
export type NewBulk = Static<typeof NewBulk>;

export const Bulk = Type.Object({
  id: Id,
  search: Type.String(),
  code: Id,
  /** Answers that got the code from this action (those that had it already are not counted). */
  matched: Type.Integer(),
  createdAt: Type.String(),
  undoneAt: Nullable(Type.String()),
  responseIds: Type.Array(Type.String()),
});
export type Bulk = Static<typeof Bulk>;
export const Bulks = Type.Object({ bulk: Type.Array(Type.Omit(Bulk, ['responseIds'])) });

export const NewSample = Type.Object(
  {
    size: Type.Integer({ minimum: 1, maximum: 10000 }),
    method: Type.Union([Type.Literal('random'), Type.Literal('stratified')]),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
    coders: Type.Array(Id, { minItems: 2, maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type NewSample = Static<typeof NewSample>;

export const Sample = Type.Object({
  id: Id,
  codebook: Id,
  method: Type.String(),
  seed: Type.Integer(),
  size: Type.Integer(),
  createdAt: Type.String(),
  coders: Type.Array(Type.Object({ id: Type.String(), email: Nullable(Type.String()), done: Type.Integer(), skipped: Type.Integer() })),
  /** True when every coder has coded (or marked not codable) every answer: agreement and disagreements open then. */
  complete: Type.Boolean(),
});
export type Sample = Static<typeof Sample>;
export const Samples = Type.Object({ samples: Type.Array(Type.Omit(Sample, ['coders', 'complete'])) });

const Stat = Type.Object({ units: Type.Integer(), values: Type.Integer(), percent: Nullable(Type.Number()), kappa: Nullable(Type.Number()), alpha: Nullable(Type.Number()) });
export const SampleAgreement = Type.Object({
  sample: Id,
  coders: Type.Integer(),
  /** The whole verdict (its set of codes, or "not codable") as one nominal category. */
  overall: Stat,
  /** Each live code as present or absent. */
  perCode: Type.Array(Type.Object({ code: Id, name: CodeName, ...Stat.properties })),
});
export type SampleAgreement = Static<typeof SampleAgreement>;

export const Disagreements = Type.Object({
  sample: Id,
  items: Type.Array(
    Type.Object({
      responseId: Type.String(),
      text: Type.String(),
      verdicts: Type.Array(Type.Object({ coder: Type.String(), status: Status, codes: Type.Array(Id) })),
      consensus: Nullable(Verdict),
    }),
  ),
});
export type Disagreements = Static<typeof Disagreements>;

export const ConsensusInput = Type.Object(
  { status: Type.Union([Type.Literal('coded'), Type.Literal('not_codable')]), codes: Type.Array(Id, { maxItems: 50, uniqueItems: true }) },
  { additionalProperties: false },
);
export type ConsensusInput = Static<typeof ConsensusInput>;

/** The codebook as an XLSX file, for PUT. */
// No type to check: the body is the file's bytes (a Buffer from the route's parser), read by codebook-file.ts.
export const CodebookFile = Type.Unsafe<Buffer>({ description: 'an XLSX workbook, its first sheet the codes' });

// --- For the workspace's coding views -------------------------------------------------------

/** The accounts that may code (the `coding` permission), for choosing a sample's coders. */
export const Coders = Type.Object({ coders: Type.Array(Type.Object({ id: Type.String(), email: Type.String() })) });
export type Coders = Static<typeof Coders>;

export const ListStatus = Type.Union([Type.Literal('all'), Type.Literal('uncoded'), Type.Literal('coded'), Type.Literal('not_codable'), Type.Literal('skipped')]);
export type ListStatus = Static<typeof ListStatus>;

export const AnswerListQuery = Type.Object(
  {
    /** By this coder's own verdict (never another's). */
    status: Type.Optional(ListStatus),
    /** Answers this coder gave this code (a merged code counts as the code it went into). */
    code: Type.Optional(Id),
    /** Answers a bulk coding of this coder's added its code to. */
    bulk: Type.Optional(Id),
    /** Answers of a sample this coder codes. */
    sample: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000000 })),
  },
  { additionalProperties: false },
);
export type AnswerListQuery = Static<typeof AnswerListQuery>;

/** The coding view's list mode: answers with this coder's own verdicts, filtered, a page at a time. */
export const AnswerList = Type.Object({
  total: Type.Integer(),
  answers: Type.Array(Type.Object({ responseId: Type.String(), text: Type.String(), mine: Nullable(Verdict) })),
});
export type AnswerList = Static<typeof AnswerList>;
