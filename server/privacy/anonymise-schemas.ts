// The anonymisation routes' contract: the plan in the query, the review of proposed redactions, the report.
import { Type, type Static } from 'typebox';
import { fileAnswer } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { CsvDelimiter } from '../exports/data/schemas.ts';
import { REDACTION_KINDS } from './redact.ts';

const Kind = Type.Union([Type.Literal('name'), Type.Literal('phone'), Type.Literal('email'), Type.Literal('identity-code'), Type.Literal('address')], { description: 'what the redaction found' });
// The schema's kinds are the redactor's kinds: a kind added there fails to compile here.
const KINDS_MATCH: Record<Static<typeof Kind>, true> & Record<(typeof REDACTION_KINDS)[number], true> = { name: true, phone: true, email: true, 'identity-code': true, address: true };
void KINDS_MATCH;

const Plan = {
  timestamps: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week')], { description: 'submission times to the Finnish day or the ISO week (default week)' })),
  k: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000, description: "every released combination of the quasi-identifiers is shared by at least k rows (default: the survey's smallest published group)" })),
  qi: Type.Optional(Type.String({ maxLength: 500, pattern: '^[^,]+(,[^,]+)*$', description: 'quasi-identifiers, comma-separated: `municipality`, `channel` or closed questions\' columns (default municipality)' })),
};

export const AnonymisationQuery = Type.Object(Plan, { additionalProperties: false });
export type AnonymisationQuery = Static<typeof AnonymisationQuery>;
export const AnonymisedCsvQuery = Type.Object({ ...Plan, delimiter: Type.Optional(CsvDelimiter) }, { additionalProperties: false });
export type AnonymisedCsvQuery = Static<typeof AnonymisedCsvQuery>;

const Figures = Type.Object({ classes: Type.Integer(), classesBelowK: Type.Integer(), rowsBelowK: Type.Integer(), smallest: Type.Integer() });
const Counts = Type.Record(Type.String(), Type.Integer());

export const AnonymisationReportBody = Type.Object({
  survey: Type.String(),
  rows: Type.Integer({ description: 'rows the anonymised export holds' }),
  timestamps: Type.Union([Type.Literal('day'), Type.Literal('week')]),
  redactions: Type.Record(Type.String(), Type.Object({ proposed: Type.Integer(), applied: Type.Integer(), rejected: Type.Integer() })),
  municipalitiesRecoded: Type.Object({ municipalities: Type.Integer(), rows: Type.Integer() }),
  kAnonymity: Type.Object({
    k: Type.Integer(),
    quasiIdentifiers: Type.Array(Type.String()),
    before: Figures,
    generalised: Counts,
    blanked: Counts,
    suppressedRows: Type.Integer(),
    after: Figures,
    kAchieved: Type.Integer({ description: 'the smallest class released (0 when no row is)' }),
  }),
});

export const RedactionPage = Type.Object(
  {
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type RedactionPage = Static<typeof RedactionPage>;

export const RedactionProposals = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      responseId: Type.String(),
      field: Type.String(),
      kind: Kind,
      found: Type.String(),
      context: Type.String(),
      replacement: Type.String(),
      decision: Type.Union([Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('rejected')], { description: 'a proposal not rejected is applied' }),
    }),
  ),
});

export const RedactionDecisions = Type.Object(
  {
    decisions: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
          decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export type RedactionDecisions = Static<typeof RedactionDecisions>;

export const RedactionDecisionsSaved = Type.Object({ accepted: Type.Integer(), rejected: Type.Integer() });

export const AnonymisedCsvFile = { 200: fileAnswer('text/csv', 'the anonymised responses, streamed (UTF-8 with a byte order mark)'), '4xx': ErrorBody };
export const AnonymisedXlsxFile = { 200: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the anonymised responses, the codebook and the export\'s details, streamed'), '4xx': ErrorBody };
