// The data exports' contract: which responses a file holds and how it is written. The files
// themselves are streamed, so only their media types are described.
import { Type, type Static } from 'typebox';
import { fileAnswer } from '../../http/schema-parts.ts';
import { ErrorBody, SelectionQuery } from '../../http/schemas.ts';

// The results routes' selection, a place restriction, codes or labels.
/** Answers as their labels or their codes. */
export const DataLabels = Type.Union([Type.Literal('labels'), Type.Literal('codes')], { description: 'answers as their labels (default) or their codes' });
export type DataLabels = Static<typeof DataLabels>;
/** A CSV's field separator; semicolon also writes decimal commas. */
export const CsvDelimiter = Type.Union([Type.Literal('comma'), Type.Literal('semicolon')], { description: 'semicolon: decimal commas too (Excel in Finnish, read.csv2)' });
export type CsvDelimiter = Static<typeof CsvDelimiter>;

const DataQuery = {
  labels: Type.Optional(DataLabels),
  ...SelectionQuery,
  group: Type.Optional(Type.String({ maxLength: 500, description: 'municipality codes and area names, comma-separated' })),
};

export const CsvQuery = Type.Object(
  {
    ...DataQuery,
    delimiter: Type.Optional(CsvDelimiter),
    for: Type.Optional(Type.Literal('spss', { description: 'the file the .sps syntax reads (codes, line breaks as U+2028)' })),
  },
  { additionalProperties: false },
);
export type CsvQuery = Static<typeof CsvQuery>;

export const XlsxQuery = Type.Object(DataQuery, { additionalProperties: false });
export type XlsxQuery = Static<typeof XlsxQuery>;

export const CsvFile = { 200: fileAnswer('text/csv', 'the responses, streamed (UTF-8 with a byte order mark)'), '4xx': ErrorBody };
export const XlsxFile = { 200: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the responses, the codebook and the export\'s details, streamed'), '4xx': ErrorBody };
export const SpssSyntax = { 200: fileAnswer('text/plain', 'SPSS syntax that reads the CSV of the same query'), '4xx': ErrorBody };
