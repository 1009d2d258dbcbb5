import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import type { Database } from '../../db/schema.ts';
import { findWaveMapping, saveWaveMapping } from '../../db/series.ts';
import type { User } from '../auth/users.ts';
import { ApiError } from '../errors.ts';
import { finnish } from '../exports/data/columns.ts';
import { importTargets } from '../imports/targets.ts';
import type { SurveyCatalog, SurveyVersion } from '../surveys/catalog.ts';
import { defaultLink, mappingProblems } from './mapping.ts';
import type { WaveMapping, WaveMappingView } from './schemas.ts';

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
    const row = await findWaveMapping(this.db, seriesId, from, to);
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
    };
  }

  async saveMapping(seriesId: string, from: string, to: string, mapping: WaveMapping, actor: User, now: Date): Promise<WaveMappingView> {
    const [earlier, later] = this.pair(seriesId, from, to);
    const problems = mappingProblems(mapping, importTargets(earlier.definition), importTargets(later.definition), { from: earlier.meta.series!.wave, to: later.meta.series!.wave });
    if (problems.length > 0) throw new ApiError(400, 'invalid_wave_mapping', problems.join('; '));
    const at = now.toISOString();
    await saveWaveMapping(this.db, { series_id: seriesId, from_survey: from, to_survey: to, mapping: JSON.stringify(mapping), updated_at: at, updated_by: actor.id });
    await recordAudit(this.db, { at, actor: { id: actor.id, email: actor.email }, action: 'series.mapping', target: seriesId, details: { from, to, questions: mapping.questions.length } });
    return this.mapping(seriesId, from, to);
  }
}
