import { PostgresAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.ts';

/** Which responses a data export holds: the results filters, and optionally some municipalities only. */
export interface ExportSelection {
  readonly surveyId: string;
  /** Closed-question filters: values OR'ed within a filter, filters AND'ed (as in the results). */
  readonly filters: readonly { readonly key: string; readonly values: readonly string[] }[];
  readonly channels: readonly string[] | null;
  /** ISO 8601 UTC bounds on submitted_at: inclusive from, exclusive to. */
  readonly from: string | null;
  readonly to: string | null;
  /** Municipality codes; null for every response (also those of no municipality). */
  readonly municipalities: readonly string[] | null;
  /** Only responses stored up to this time (ISO 8601), so that a count and the rows streamed after it agree. */
  readonly storedUpTo: string | null;
}

export interface ExportHead {
  id: string;
  municipality_code: string | null;
  channel: string;
  submitted_at: string;
  survey_version: number;
  /** 1 when accepted after the survey closed. */
  late: number;
}

function selected<O>(query: SelectQueryBuilder<Database, 'responses', O>, selection: ExportSelection): SelectQueryBuilder<Database, 'responses', O> {
  let q = query.where('responses.survey_id', '=', selection.surveyId);
  if (selection.channels) q = q.where('responses.channel', 'in', selection.channels as Database['responses']['channel'][]);
  if (selection.storedUpTo !== null) q = q.where('responses.stored_at', '<=', selection.storedUpTo);
  if (selection.from !== null) q = q.where('responses.submitted_at', '>=', selection.from);
  if (selection.to !== null) q = q.where('responses.submitted_at', '<', selection.to);
  if (selection.municipalities) {
    // An empty list selects nothing (`in ()` is not valid SQL).
    q = selection.municipalities.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('responses.municipality_code', 'in', selection.municipalities);
  }
  for (const filter of selection.filters) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('answers')
          .select(sql`1`.as('one'))
          .whereRef('answers.response_id', '=', 'responses.id')
          .where('answers.question', '=', filter.key)
          .where('answers.value', 'in', filter.values),
      ),
    );
  }
  return q;
}

/** One page of the selected responses in id order after `afterId` (keyset paging over the (survey, id) index). */
export async function pageExportResponses(db: Kysely<Database>, selection: ExportSelection, afterId: string | null, limit: number): Promise<ExportHead[]> {
  const query = selected(db.selectFrom('responses').select(['responses.id', 'responses.municipality_code', 'responses.channel', 'responses.submitted_at', 'responses.survey_version', 'responses.late']), selection)
    .orderBy('responses.id')
    .limit(limit)
    // Also on the first page (every id is longer than ''): without an id condition SQLite read the
    // first page through the (survey, stored_at) index and sorted the whole survey for it (0.6–3 s
    // on the server's thread at a million responses).
    .where('responses.id', '>', afterId ?? '');
  return query.execute();
}

/** How many selected responses each municipality has (null: none of the county), for suppression and the row count. */
export async function countExportResponses(db: Kysely<Database>, selection: ExportSelection): Promise<{ municipality_code: string | null; responses: number }[]> {
  const rows = await selected(db.selectFrom('responses').select(['responses.municipality_code']).select(sql<number>`count(*)`.as('responses')), selection)
    .groupBy('responses.municipality_code')
    .execute();
  return rows.map((r) => ({ municipality_code: r.municipality_code, responses: Number(r.responses) }));
}

/**
 * The most entries (rows of a dynamic matrix, panels, a range's ends) each of `keys` has in one of
 * the selected responses' data: a data export has that many columns per question. Read from the
 * stored JSON, because the answer rows of a dynamic panel do not say which panel they came from.
 */
export async function maxEntries(db: Kysely<Database>, selection: ExportSelection, keys: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // One pass over the responses for every key; SQLite's JSON path quotes the key, PostgreSQL's `->` takes it as a value.
  const lengths = keys.map((key, i) =>
    (postgres
      ? sql<number | null>`max(case when jsonb_typeof(responses.data::jsonb -> ${key}::text) = 'array' then jsonb_array_length(responses.data::jsonb -> ${key}::text) end)`
      : sql<number | null>`max(case when json_type(responses.data, '$.' || json_quote(${key})) = 'array' then json_array_length(responses.data, '$.' || json_quote(${key})) end)`
    ).as(`k${i}`),
  );
  const row = (await selected(db.selectFrom('responses').select(lengths), selection).executeTakeFirst()) as Record<string, number | string | null> | undefined;
  keys.forEach((key, i) => out.set(key, Number(row?.[`k${i}`] ?? 0)));
  return out;
}

/** The stored data (JSON text) of some responses, by id. */
export async function responseData(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('responses').select(['id', 'data']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.data]));
}
