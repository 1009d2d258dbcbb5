import { Type, type Static } from 'typebox';

export const ColumnMapping = Type.Object(
  {
    /**
     * The column's header as the file has it. When two columns share a header ("Muu, mikä?" after
     * two questions), the mapping's entries with that header take those columns in order.
     */
    column: Type.String({ maxLength: 1000 }),
    target: Type.Union([Type.Literal('question'), Type.Literal('option'), Type.Literal('picks'), Type.Literal('comment'), Type.Literal('municipality'), Type.Literal('submittedAt'), Type.Literal('rowKey'), Type.Literal('ignore')], {
      description:
        '`question`: the cell is the answer (a choice by code or label in any language, a number with a decimal point or comma, a text); for a matrix, with `row`. ' +
        '`option`: one option of a multiple choice, 1/0 (or x, kyllä/ei, the option\'s label); `picks`: a multiple choice\'s picks in one cell joined by `separator`; ' +
        '`comment`: the "other, what?" text of `question`; `municipality`: a municipality code or its Finnish or Swedish name; `submittedAt`: when it was answered; ' +
        '`rowKey`: an id that makes a re-import store nothing twice; `ignore`: not read.',
    }),
    question: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    row: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    option: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    separator: Type.Optional(Type.String({ minLength: 1, maxLength: 5 })),
    /** Cell text → choice value, for texts the automatic matching does not know (recodes, abbreviations). */
    values: Type.Optional(Type.Record(Type.String({ maxLength: 1000 }), Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type ColumnMapping = Static<typeof ColumnMapping>;

export const ImportMapping = Type.Object({ columns: Type.Array(ColumnMapping, { maxItems: 2000 }) }, { additionalProperties: false });
export type ImportMapping = Static<typeof ImportMapping>;

export const MappingParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[^/\\x00-\\x1f]+$' }),
});

export const SavedMapping = Type.Object({
  name: Type.String(),
  mapping: ImportMapping,
  updatedAt: Type.String({ format: 'date-time' }),
});
export const SavedMappings = Type.Object({ mappings: Type.Array(SavedMapping) });

export const ImportUpload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    /** The file's bytes in base64 (CSV or XLSX, told apart by content). */
    content: Type.String({ minLength: 1, contentEncoding: 'base64' }),
    /** The mapping to use; left out, the saved mapping that fits the headers, else one suggested. */
    mapping: Type.Optional(ImportMapping),
    encoding: Type.Optional(Type.Union([Type.Literal('utf-8'), Type.Literal('windows-1252')])),
    delimiter: Type.Optional(Type.Union([Type.Literal(','), Type.Literal(';'), Type.Literal('\t')])),
    /** Store the valid rows and report the rest (default: nothing is stored when any row is invalid). */
    skipInvalid: Type.Optional(Type.Boolean()),
    /** Save the mapping under this name for the next file (on import only). */
    saveAs: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[^/\\x00-\\x1f]+$' })),
  },
  { additionalProperties: false },
);
export type ImportUpload = Static<typeof ImportUpload>;

export const RowProblem = Type.Object({
  row: Type.Integer({ description: 'the row number as a spreadsheet shows it (the header is row 1)' }),
  column: Type.Union([Type.String(), Type.Null()], { description: "the column's header, null when the problem is the whole row's" }),
  question: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});
export type RowProblem = Static<typeof RowProblem>;

export const PreviewRow = Type.Object({
  row: Type.Integer(),
  /** The answers as they would be stored (after validation), or null when the row is invalid. */
  data: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  municipality: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.String(),
  valid: Type.Boolean(),
});

export const ColumnValues = Type.Object({
  column: Type.String(),
  /** Distinct cell texts seen (up to 50) and the value each becomes; null when it matches no choice. */
  values: Type.Array(Type.Object({ cell: Type.String(), value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]) })),
});

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
/** A question a column can be mapped to, as the admin page offers it: its first title and its choices' (or columns') first labels. */
export const ImportTargetView = Type.Object({
  question: Type.String(),
  kind: Type.Union([Type.Literal('single'), Type.Literal('multi'), Type.Literal('boolean'), Type.Literal('text'), Type.Literal('number'), Type.Literal('matrix')]),
  title: Type.String(),
  choices: Type.Array(Type.Object({ value: Scalar, label: Type.String(), other: Type.Boolean() })),
  rows: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
});

export const ImportPreview = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  encoding: Type.Union([Type.String(), Type.Null()]),
  delimiter: Type.Union([Type.String(), Type.Null()]),
  headers: Type.Array(Type.String()),
  mapping: ImportMapping,
  /** Where the mapping came from: `given`, `saved:<name>` or `suggested`. */
  mappingSource: Type.String(),
  rows: Type.Integer({ description: 'rows read' }),
  validRows: Type.Integer(),
  preview: Type.Array(PreviewRow),
  values: Type.Array(ColumnValues),
  problems: Type.Array(RowProblem, { description: 'every bad row and cell, up to 1000' }),
  problemCount: Type.Integer(),
  /** The survey's questions that columns can be mapped to, in form order (what the admin page's mapping offers). */
  targets: Type.Array(ImportTargetView),
});

export const ImportOutcome = Type.Object({
  committed: Type.Boolean({ description: 'false when invalid rows stopped an all-or-nothing import: nothing was stored' }),
  rows: Type.Integer(),
  stored: Type.Integer(),
  alreadyStored: Type.Integer({ description: 'rows stored by an earlier import of the same file' }),
  rejected: Type.Integer({ description: 'rows not stored because they are invalid' }),
  problems: Type.Array(RowProblem),
  problemCount: Type.Integer(),
});

export type ImportPreview = Static<typeof ImportPreview>;
export type ImportOutcome = Static<typeof ImportOutcome>;
export type SavedMappings = Static<typeof SavedMappings>;
