import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here, never edit after it has shipped.

/**
 * Responses or answers changed outside the app (SQL typed by hand, another tool) bump the survey's
 * deletion generation, as the app does when it deletes responses. The results index in memory and
 * its snapshot on disk hold each response's answers as they were read; a response deleted or an
 * answer edited in place by hand left them serving the old figures, and a snapshot's checks (counts,
 * sampled ids) cannot see an edit that keeps the count. With the generation bumped, a running
 * index rebuilds and a snapshot is refused at the next start.
 *
 * The app itself never updates responses or answers, and deletes only generated demo responses
 * (bumping the generation itself, once per survey): those deletes are left out so that removing a
 * million demo responses does not run a million trigger bodies. Answers added by hand to an old
 * response are not caught (every submission adds answer rows).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      create function results_changed_by_hand() returns trigger language plpgsql as $$
      declare
        surveys text[];
      begin
        -- Nested: a condition naming old.response_id fails on a responses row, even behind an 'and'.
        if tg_table_name = 'answers' and tg_op = 'DELETE' then
          if exists (select 1 from responses where id = old.response_id and synthetic = 1) then
            return null;
          end if;
        end if;
        surveys := array[old.survey_id];
        if tg_op = 'UPDATE' and new.survey_id is distinct from old.survey_id then
          surveys := surveys || new.survey_id;
        end if;
        insert into response_deletions (survey_id, generation, deleted_at)
          select s, 1, to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from unnest(surveys) as s
          on conflict (survey_id) do update set generation = response_deletions.generation + 1, deleted_at = excluded.deleted_at;
        return null;
      end
      $$`.execute(db);
    await sql`create trigger responses_updated_by_hand after update on responses for each row execute function results_changed_by_hand()`.execute(db);
    await sql`create trigger responses_deleted_by_hand after delete on responses for each row when (old.synthetic = 0) execute function results_changed_by_hand()`.execute(db);
    await sql`create trigger answers_updated_by_hand after update on answers for each row execute function results_changed_by_hand()`.execute(db);
    await sql`create trigger answers_deleted_by_hand after delete on answers for each row execute function results_changed_by_hand()`.execute(db);
    return;
  }
  const bump = (survey: string) => sql.raw(`
    insert into response_deletions (survey_id, generation, deleted_at) values (${survey}, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      on conflict (survey_id) do update set generation = generation + 1, deleted_at = excluded.deleted_at;`);
  await sql`create trigger responses_updated_by_hand after update on responses begin ${bump('old.survey_id')} ${bump('new.survey_id')} end`.execute(db);
  await sql`create trigger responses_deleted_by_hand after delete on responses when old.synthetic = 0 begin ${bump('old.survey_id')} end`.execute(db);
  await sql`create trigger answers_updated_by_hand after update on answers begin ${bump('old.survey_id')} ${bump('new.survey_id')} end`.execute(db);
  await sql`create trigger answers_deleted_by_hand after delete on answers
    when not exists (select 1 from responses where id = old.response_id and synthetic = 1) begin ${bump('old.survey_id')} end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['responses_updated_by_hand', 'responses_deleted_by_hand', 'answers_updated_by_hand', 'answers_deleted_by_hand']) {
    if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop trigger ${sql.id(name)} on ${sql.id(name.startsWith('answers') ? 'answers' : 'responses')}`.execute(db);
    else await sql`drop trigger ${sql.id(name)}`.execute(db);
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function results_changed_by_hand()`.execute(db);
}
