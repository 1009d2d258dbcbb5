// What the admin pages do with accounts, the population table, the county's geography and the audit
// log. The account rules themselves live in auth/users.ts (shared with the command line); this service
// looks users up by id, keeps an admin from locking themselves out and answers the account service's
// problems as 4xx.
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { auditChoices, eachAudit, pageAudit, type AuditFilter } from '../../db/audit.ts';
import { listPopulation } from '../../db/population.ts';
import type { Database } from '../../db/schema.ts';
import { findUserById, listUsers } from '../../db/users.ts';
import { may } from '../auth/permissions.ts';
import type { User } from '../auth/schemas.ts';
import { changeRole, createUser, resetPassword, setUserDisabled, UserProblem, userRowToUser, type Actor } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import { countyMunicipalities, type Geography } from '../geography.ts';
import { guardFormula } from '../exports/formula-guard.ts';
import { finnishDayStart } from '../http/times.ts';
import { loadPopulation, parsePopulationCsv } from '../results/population.ts';
import { auditEventDetails, auditEventName, type AuditLanguage } from './audit-events.ts';
import type { AuditCsvQuery, AuditEntry, AuditLog, AuditQuery, CountyGeography, NewUser, PopulationLoaded, PopulationSummary, UserChange } from './schemas.ts';

/** Turns the user service's problems into 4xx answers that name what is wrong. */
async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserProblem) {
      const status = error.code === 'user_not_found' ? 404 : error.code === 'email_taken' ? 409 : 400;
      throw new ApiError(status, error.code, error.message);
    }
    throw error;
  }
}

export class AdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly geography: Geography,
  ) {}

  async users(): Promise<User[]> {
    return (await listUsers(this.db)).map(userRowToUser);
  }

  createUser(input: NewUser, actor: Actor, now: Date): Promise<User> {
    return asApiErrors(() => createUser(this.db, this.geography, input, actor, now));
  }

  private async userOr404(id: string) {
    const target = await findUserById(this.db, id);
    if (!target) throw new ApiError(404, 'user_not_found', `no user ${id}`);
    return target;
  }

  async changeUser(id: string, change: UserChange, actor: Actor, now: Date): Promise<User> {
    const target = await this.userOr404(id);
    if (target.id === actor.id && (change.disabled === true || (change.role && !may(change.role, 'users.manage')))) {
      throw new ApiError(409, 'cannot_lock_out_self', 'no one can disable their own account or take away their own right to manage accounts');
    }
    const { role, municipalities, areas, disabled } = change;
    return asApiErrors(async () => {
      let result = userRowToUser(target);
      if (role !== undefined || municipalities !== undefined || areas !== undefined) {
        result = await changeRole(
          this.db,
          this.geography,
          target.email,
          { role: role ?? result.role, municipalities: municipalities ?? result.municipalities, areas: areas ?? result.areas },
          actor,
          now,
        );
      }
      if (disabled !== undefined) result = await setUserDisabled(this.db, target.email, disabled, actor, now);
      return result;
    });
  }

  async resetPassword(id: string, password: string, actor: Actor, now: Date): Promise<void> {
    const target = await this.userOr404(id);
    await asApiErrors(() => resetPassword(this.db, target.email, password, actor, now));
  }

  async replacePopulation(csv: string, actor: Actor, now: Date): Promise<PopulationLoaded> {
    const parsed = parsePopulationCsv(csv, this.geography);
    if ('problems' in parsed) throw new ApiError(400, 'invalid_population', parsed.problems.slice(0, 20).join('; '));
    return loadPopulation(this.db, parsed.rows, actor, now);
  }

  async populationSummary(): Promise<PopulationSummary> {
    const rows = await listPopulation(this.db);
    // Categories are an admin's free text ("hasOwnProperty" included): summed in a Map, never looked up on
    // a plain object, whose prototype would answer for such a name.
    const by = (key: 'sex' | 'age_group') => {
      const totals = new Map<string, number>();
      for (const r of rows) totals.set(r[key], (totals.get(r[key]) ?? 0) + r.population);
      return Object.fromEntries(totals);
    };
    return { rows: rows.length, total: rows.reduce((s, r) => s + r.population, 0), bySex: by('sex'), byAgeGroup: by('age_group') };
  }

  countyGeography(): CountyGeography {
    return { municipalities: countyMunicipalities(this.geography), areas: [...this.geography.areas] };
  }

  /** One page of the audit log, newest first, as the filters choose, with their total and choices. */
  async audit(query: AuditQuery, pageSize: number): Promise<AuditLog> {
    const { rows, total } = await pageAudit(this.db, auditFilter(query), { limit: query.limit ?? pageSize, offset: query.offset ?? 0 });
    const { actors, actions } = await auditChoices(this.db);
    return { entries: rows.map(auditRowToEntry), total, actors, actions };
  }

  /**
   * The filtered audit log as a CSV file for a spreadsheet: times in Finnish time, events and
   * details as sentences in the language, then the target and the event code; separated
   * by semicolons in Finnish and Swedish, commas in English. Every text is
   * guarded against formulas (e-mail addresses and targets are typed by people).
   */
  async auditCsv(query: AuditCsvQuery): Promise<string> {
    const lang: AuditLanguage = query.lang ?? 'fi';
    const head = { fi: ['aika', 'henkilö', 'tapahtuma', 'tiedot', 'kohde', 'koodi'], sv: ['tid', 'person', 'händelse', 'uppgifter', 'objekt', 'kod'], en: ['time', 'person', 'event', 'details', 'target', 'code'] }[lang];
    const time = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki', dateStyle: 'short', timeStyle: 'medium' });
    const records: string[][] = [head];
    for await (const rows of eachAudit(this.db, auditFilter(query))) {
      for (const r of rows) {
        const e = auditRowToEntry(r);
        records.push([time.format(new Date(e.at)), e.actorEmail ?? '', auditEventName(e.action, lang), auditEventDetails(e.action, e.details as Record<string, unknown>, e.target, lang), e.target ?? '', e.action].map(guardFormula));
      }
    }
    // Excel in Finnish and Swedish reads a semicolon as the separator (the comma is their decimal sign).
    return '\uFEFF' + stringify(records, { delimiter: lang === 'en' ? ',' : ';', record_delimiter: '\r\n', quote_record_delimiter: true });
  }
}

function auditRowToEntry(r: { id: string; at: string; actor_email: string | null; action: string; target: string | null; details: string }): AuditEntry {
  return { id: r.id, at: r.at, actorEmail: r.actor_email, action: r.action, target: r.target, details: JSON.parse(r.details) as Record<string, unknown> };
}

/** The request's filters in stored terms: days in Finnish time become the instants they begin. */
function auditFilter(query: Pick<AuditQuery, 'actor' | 'action' | 'from' | 'to' | 'before'>): AuditFilter {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new ApiError(400, 'invalid_request', `from (${query.from}) is after to (${query.to})`);
  }
  const nextDay = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    actor: query.actor?.trim().toLowerCase() || undefined,
    action: query.action || undefined,
    from: query.from === undefined ? undefined : finnishDayStart(query.from),
    to: query.to === undefined ? undefined : finnishDayStart(nextDay(query.to)),
    before: query.before,
  };
}
