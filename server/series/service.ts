import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import type { Database } from '../../db/schema.ts';
import { findWaveMapping, type WaveMappingRow } from '../../db/series.ts';
import { findUserById } from '../../db/users.ts';
import type { User } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import { finnish } from '../exports/data/columns.ts';
import { importTargets } from '../imports/targets.ts';
import type { SurveyCatalog, SurveyVersion } from '../surveys/catalog.ts';
import { defaultLink, mappingProblems } from './mapping.ts';
import type { WaveMapping, WaveMappingSave, WaveMappingView } from './schemas.ts';

/**
 * When a save is stamped: now, but always later than the save it replaces, so that two saves within
 * one millisecond (or under a clock that stood still) never leave the same `updatedAt` behind, and a
 * copy based on the earlier one cannot pass for a copy of the later.
 */
function stampAfter(now: Date, previous: string | null): string {
  const before = previous === null ? Number.NEGATIVE_INFINITY : Date.parse(previous);
  return new Date(Math.max(now.getTime(), Number.isNaN(before) ? Number.NEGATIVE_INFINITY : before + 1)).toISOString();
}

/** An `updatedAt` a client sent back, as the server writes it (ISO 8601 in UTC with milliseconds). */
const asStored = (at: string) => (Number.isNaN(Date.parse(at)) ? at : new Date(at).toISOString());

const waveOf = (s: SurveyVersion) => ({ survey: s.meta.id, wave: s.meta.series!.wave, title: finnish(s.meta.title) });

/** Survey series (surveys whose envelope names the same `series.id`) and the question mappings between their waves. */
export class SeriesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly catalog: SurveyCatalog,
  ) {}

  private waves(seriesId: string): SurveyVersion[] {
    return this.catalog
      .list()
      .filter((s) => s.meta.series?.id === seriesId)
      .sort((a, b) => a.meta.series!.wave.localeCompare(b.meta.series!.wave, 'fi', { numeric: true }));
  }

  list() {
    const ids = [...new Set(this.catalog.list().flatMap((s) => (s.meta.series ? [s.meta.series.id] : [])))].sort();
    return { series: ids.map((id) => ({ id, waves: this.waves(id).map(waveOf) })) };
  }

  private pair(seriesId: string, from: string, to: string): [SurveyVersion, SurveyVersion] {
    const waves = this.waves(seriesId);
    if (waves.length === 0) throw new ApiError(404, 'series_not_found', `no series '${seriesId}'`);
    const earlier = waves.find((w) => w.meta.id === from);
    const later = waves.find((w) => w.meta.id === to);
    if (!earlier || !later) {
      throw new ApiError(404, 'series_not_found', `'${!earlier ? from : to}' is not a wave of series '${seriesId}' (waves: ${waves.map((w) => w.meta.id).join(', ')})`);
    }
    if (earlier === later) throw new ApiError(400, 'invalid_wave_mapping', 'a wave is mapped to another wave, not to itself');
    return [earlier, later];
  }

  async mapping(seriesId: string, from: string, to: string): Promise<WaveMappingView> {
    const [earlier, later] = this.pair(seriesId, from, to);
    return this.view(seriesId, earlier, later, await findWaveMapping(this.db, seriesId, from, to));
  }

  private async view(seriesId: string, earlier: SurveyVersion, later: SurveyVersion, row: WaveMappingRow | undefined): Promise<WaveMappingView> {
    const saved = row ? (JSON.parse(row.mapping) as WaveMapping) : { questions: [] };
    const before = new Map(importTargets(earlier.definition).map((t) => [t.question, t]));
    const byQuestion = new Map(saved.questions.map((q) => [q.question, q]));
    return {
      series: seriesId,
      from: waveOf(earlier),
      to: waveOf(later),
      questions: importTargets(later.definition).map((t) => {
        const link = byQuestion.get(t.question);
        return link ? { ...link, source: 'saved' as const } : { ...defaultLink(t, before), source: 'default' as const };
      }),
      updatedAt: row?.updated_at ?? null,
      updatedByEmail: row?.updated_by ? ((await findUserById(this.db, row.updated_by))?.email ?? null) : null,
    };
  }

  /**
   * Stores the mapping only when the stored one is still `base` (null: none stored), in one
   * statement: an insert that does nothing when a row exists, or an update guarded by the stored
   * `updated_at`. Two saves on the same base race on the row (PostgreSQL's row lock, SQLite's one
   * writer): exactly one of them changes it. With the audit entry in the same transaction.
   */
  private async storeIf(seriesId: string, from: string, to: string, base: string | null, mapping: string, actor: User, now: Date): Promise<WaveMappingRow | null> {
    const at = stampAfter(now, base);
    return this.db.transaction().execute(async (trx) => {
      const row = { series_id: seriesId, from_survey: from, to_survey: to, mapping, updated_at: at, updated_by: actor.id };
      const changed =
        base === null
          ? Number((await trx.insertInto('wave_mappings').values(row).onConflict((oc) => oc.columns(['series_id', 'from_survey', 'to_survey']).doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0)
          : Number(
              (
                await trx
                  .updateTable('wave_mappings')
                  .set({ mapping, updated_at: at, updated_by: actor.id })
                  .where('series_id', '=', seriesId)
                  .where('from_survey', '=', from)
                  .where('to_survey', '=', to)
                  .where('updated_at', '=', base)
                  .executeTakeFirst()
              ).numUpdatedRows,
            );
      if (changed !== 1) return null;
      const questions = (JSON.parse(mapping) as WaveMapping).questions.length;
      await recordAudit(trx, { at, actor: { id: actor.id, email: actor.email }, action: 'series.mapping', target: seriesId, details: { from, to, questions } });
      return row;
    });
  }

  /**
   * Saves the mapping when the stored one is still the one the author's copy began from
   * (`body.updatedAt`; null: the defaults, nothing saved); else 409 `mapping_changed` saying when and
   * by whom the newer save was made, and nothing is stored. Without `updatedAt` (older clients) the
   * save replaces whatever is stored.
   */
  async saveMapping(seriesId: string, from: string, to: string, body: WaveMappingSave, actor: User, now: Date): Promise<WaveMappingView> {
    const [earlier, later] = this.pair(seriesId, from, to);
    const mapping: WaveMapping = { questions: body.questions };
    const problems = mappingProblems(mapping, importTargets(earlier.definition), importTargets(later.definition), { from: earlier.meta.series!.wave, to: later.meta.series!.wave });
    if (problems.length > 0) throw new ApiError(400, 'invalid_wave_mapping', problems.join('; '));
    const json = JSON.stringify(mapping);
    let stored: WaveMappingRow | null = null;
    if (body.updatedAt !== undefined) {
      const base = body.updatedAt === null ? null : asStored(body.updatedAt);
      stored = await this.storeIf(seriesId, from, to, base, json, actor, now);
      if (!stored) {
        const latest = await findWaveMapping(this.db, seriesId, from, to);
        const who = latest?.updated_by ? ((await findUserById(this.db, latest.updated_by))?.email ?? 'an account since deleted') : 'someone';
        const since = base === null ? 'the defaults were loaded' : `the save of ${base}`;
        throw new ApiError(
          409,
          'mapping_changed',
          latest
            ? `the mapping was saved elsewhere since ${since} (saved at ${latest.updated_at} by ${who}): reload it before saving; nothing was stored`
            : `the mapping saved at ${base} is no longer stored: reload it before saving; nothing was stored`,
        );
      }
    } else {
      // Last save wins, as before `updatedAt` was sent; still compare-and-set, so the stamp moves on.
      for (let attempt = 0; ; attempt++) {
        const current = (await findWaveMapping(this.db, seriesId, from, to))?.updated_at ?? null;
        stored = await this.storeIf(seriesId, from, to, current, json, actor, now);
        if (stored) break;
        if (attempt >= 20) throw new ApiError(409, 'mapping_changed', 'the mapping kept being saved elsewhere meanwhile: try again');
      }
    }
    // The view of what this save stored, not of a save made since.
    return this.view(seriesId, earlier, later, stored);
  }
}
