import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import stringify from 'safe-stable-stringify';
import { Model } from 'survey-core';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ensureVersion, findVersion } from '../../db/surveys.ts';
import type { Geography } from '../geography.ts';
import { checkDefinition, compileSurvey, type CompiledSurvey } from '../validation/index.ts';
import { readEnvelope, type SurveyMeta } from './envelope.ts';

/** One version of one survey, ready to judge answers. */
export interface SurveyVersion {
  readonly meta: SurveyMeta;
  readonly version: number;
  readonly definition: Record<string, unknown>;
  readonly compiled: CompiledSurvey;
}

export interface SurveyFileProblem {
  readonly file: string;
  readonly problems: readonly string[];
}

/** Thrown at start when any survey file is broken; names every broken file and its problems. */
export class SurveyLoadError extends Error {
  constructor(readonly files: readonly SurveyFileProblem[]) {
    super(
      `cannot load surveys:\n` +
        files.map((f) => `  ${f.file}:\n${f.problems.map((p) => `    - ${p}`).join('\n')}`).join('\n'),
    );
    this.name = 'SurveyLoadError';
  }
}

interface CheckedFile {
  readonly file: string;
  /** The file as written: what a download or a browser edit of the survey starts from. */
  readonly json: Record<string, unknown>;
  readonly meta: SurveyMeta;
  readonly definition: Record<string, unknown>;
  readonly warnings: readonly string[];
}

/** Checks what only the survey-core model can tell: that the municipality and weighting questions exist and fit. */
export function checkMunicipalityQuestion(meta: SurveyMeta, definition: object, geography: Geography) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const model = new Model(definition);
  try {
    for (const [margin, v] of Object.entries(meta.weighting ?? {})) {
      const question = model.getQuestionByName(v.question) as (ReturnType<Model['getQuestionByName']> & { choices?: { value: unknown }[] }) | null;
      if (!question) problems.push(`weighting.${margin}.question '${v.question}' is not a question of the survey`);
      else if (Array.isArray(question.choices)) {
        const values = new Set(question.choices.map((c) => String(c.value)));
        const unknown = Object.keys(v.categories).filter((k) => !values.has(k));
        if (unknown.length > 0) problems.push(`weighting.${margin}.categories name answer(s) ${unknown.join(', ')} that '${v.question}' does not have`);
      }
    }
    if (meta.municipalityQuestion === null) return { problems, warnings };
    const question = model.getQuestionByName(meta.municipalityQuestion) as
      | (ReturnType<Model['getQuestionByName']> & { choices?: { value: unknown }[] })
      | null;
    if (!question) {
      problems.push(`municipalityQuestion '${meta.municipalityQuestion}' is not a question of the survey`);
    } else if (Array.isArray(question.choices)) {
      const unknown = question.choices.map((c) => String(c.value)).filter((v) => /^\d+$/.test(v) && !geography.byCode.has(v));
      if (unknown.length > 0) {
        problems.push(`municipalityQuestion '${meta.municipalityQuestion}' has choice(s) ${unknown.join(', ')} that are not municipality codes of the geography`);
      }
    } else {
      warnings.push(`municipalityQuestion '${meta.municipalityQuestion}' has no choices; only answers that are municipality codes count`);
    }
  } finally {
    model.dispose();
  }
  return { problems, warnings };
}

/** Reads and checks every `*.json` in `dir`. Throws SurveyLoadError listing all broken files. */
export function readSurveyFiles(dir: string, geography: Geography): CheckedFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw new SurveyLoadError([{ file: dir, problems: [`cannot read the surveys folder: ${(error as Error).message}`] }]);
  }
  const broken: SurveyFileProblem[] = [];
  const checked: CheckedFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      broken.push({ file, problems: [`not valid JSON: ${(error as Error).message}`] });
      continue;
    }
    const read = readEnvelope(json, name.slice(0, -'.json'.length));
    if ('problems' in read) {
      broken.push({ file, problems: read.problems });
      continue;
    }
    const definitionCheck = checkDefinition(read.definition);
    const municipality = checkMunicipalityQuestion(read.meta, read.definition, geography);
    const problems = [...definitionCheck.errors, ...municipality.problems];
    if (problems.length > 0) broken.push({ file, problems });
    else checked.push({ file, json: json as Record<string, unknown>, ...read, warnings: [...definitionCheck.warnings, ...municipality.warnings] });
  }
  if (broken.length > 0) throw new SurveyLoadError(broken);
  return checked;
}

function contentHash(meta: SurveyMeta, definition: object): string {
  return crypto.createHash('sha256').update(stringify({ meta, definition }) ?? '').digest('hex');
}

/**
 * The surveys this server serves: the files loaded at start, each stored as a version in the
 * database, plus older versions compiled on demand for answers that began before a change.
 */
export class SurveyCatalog {
  // Older versions are rare (a form changed while people were answering); a few stay compiled.
  private static readonly OLD_VERSIONS_KEPT = 32;
  private readonly oldVersions = new Map<string, SurveyVersion>();

  /** Surveys published from the browser (db authored_surveys), by id: the rest came from SURVEYS_DIR. */
  private readonly authored = new Set<string>();
  private readonly listeners: ((surveyId: string) => void)[] = [];
  /** Each served survey's file as written (envelope and definition), by id. */
  private readonly files = new Map<string, Record<string, unknown>>();

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly current: Map<string, SurveyVersion>,
    readonly warnings: readonly { file: string; warning: string }[],
    private readonly compile: (definition: object) => CompiledSurvey,
    private readonly privacyNoticeRequired: boolean,
  ) {}

  static async open(
    db: Kysely<Database>,
    dir: string,
    geography: Geography,
    options: { compile?: (definition: object) => CompiledSurvey; now?: Date; privacyNoticeRequired?: boolean } = {},
  ): Promise<SurveyCatalog> {
    const compile = options.compile ?? compileSurvey;
    const now = options.now ?? new Date();
    const files = readSurveyFiles(dir, geography);
    const current = new Map<string, SurveyVersion>();
    for (const f of files) {
      const row = await ensureVersion(
        db,
        {
          surveyId: f.meta.id,
          contentHash: contentHash(f.meta, f.definition),
          meta: JSON.stringify(f.meta),
          definition: JSON.stringify(f.definition),
        },
        now,
      );
      // Without the requirement (PRIVACY_NOTICE_REQUIRED=false, for development and tests) a survey
      // opens with an incomplete notice; the stored version is the same either way.
      const meta = options.privacyNoticeRequired === false ? { ...f.meta, privacyGaps: [] } : f.meta;
      current.set(f.meta.id, { meta, version: row.version, definition: f.definition, compiled: compile(f.definition) });
    }
    const warnings = files.flatMap((f) => f.warnings.map((warning) => ({ file: f.file, warning })));
    const catalog = new SurveyCatalog(db, current, warnings, compile, options.privacyNoticeRequired !== false);
    for (const f of files) catalog.files.set(f.meta.id, f.json);
    await catalog.refreshAuthored(now);
    return catalog;
  }

  /** Whether the survey came from a file in SURVEYS_DIR (the file wins over the browser: README, "Authoring"). */
  fromFile(surveyId: string): boolean {
    return this.current.has(surveyId) && !this.authored.has(surveyId);
  }

  /** Called with a survey's id whenever a new version of it is served (the results index then rebuilds its variables). */
  onInstall(listener: (surveyId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Stores the content as a version of the survey (the same content keeps its number) without serving it yet. */
  async storeVersion(meta: SurveyMeta, definition: Record<string, unknown>, now: Date): Promise<number> {
    const row = await ensureVersion(this.db, { surveyId: meta.id, contentHash: contentHash(meta, definition), meta: JSON.stringify(meta), definition: JSON.stringify(definition) }, now);
    return row.version;
  }

  /**
   * Serves a survey published from the browser: stores its version (the same content keeps its
   * number) and makes it current. The version it replaces stays compiled among the older versions,
   * since answers begun on it may still be on their way.
   */
  async install(meta: SurveyMeta, definition: Record<string, unknown>, now: Date, file?: Record<string, unknown>): Promise<SurveyVersion> {
    if (this.fromFile(meta.id)) throw new Error(`survey '${meta.id}' comes from a file in the surveys folder; the file wins`);
    const row = { version: await this.storeVersion(meta, definition, now) };
    if (file) this.files.set(meta.id, file);
    const existing = this.current.get(meta.id);
    if (existing && existing.version === row.version) return existing;
    const served: SurveyVersion = { meta: this.privacyNoticeRequired ? meta : { ...meta, privacyGaps: [] }, version: row.version, definition, compiled: this.compile(definition) };
    if (existing) this.keepOld(`${meta.id}@${existing.version}`, existing);
    this.current.set(meta.id, served);
    this.authored.add(meta.id);
    for (const listener of this.listeners) listener(meta.id);
    return served;
  }

  /**
   * Serves what the browser has published and this process does not serve yet: at start, and every
   * few seconds for a second instance on the same database (a survey published on the other one).
   * A file in SURVEYS_DIR with the same id wins; an authored file that no longer reads is skipped
   * with a warning rather than stopping the server.
   */
  async refreshAuthored(now: Date): Promise<void> {
    const rows = await this.db.selectFrom('authored_surveys').select(['survey_id', 'file', 'version']).execute();
    for (const row of rows) {
      if (this.fromFile(row.survey_id) || this.current.get(row.survey_id)?.version === row.version) continue;
      const read = readEnvelope(JSON.parse(row.file), row.survey_id);
      if ('problems' in read) {
        (this.warnings as { file: string; warning: string }[]).push({ file: `authored survey ${row.survey_id}`, warning: read.problems.join('; ') });
        continue;
      }
      await this.install(read.meta, read.definition, now, JSON.parse(row.file) as Record<string, unknown>);
    }
  }

  /** The survey's file as written (a plain SurveyJS file as is), or undefined for a survey not served. */
  fileOf(surveyId: string): Record<string, unknown> | undefined {
    return this.files.get(surveyId);
  }

  private keepOld(key: string, version: SurveyVersion): void {
    if (this.oldVersions.size >= SurveyCatalog.OLD_VERSIONS_KEPT) {
      const [oldestKey, oldest] = this.oldVersions.entries().next().value as [string, SurveyVersion];
      oldest.compiled.dispose();
      this.oldVersions.delete(oldestKey);
    }
    this.oldVersions.set(key, version);
  }

  list(): SurveyVersion[] {
    return [...this.current.values()];
  }

  get(surveyId: string): SurveyVersion | undefined {
    return this.current.get(surveyId);
  }

  /** The given version of a served survey, from memory or the database; undefined if it never existed. */
  async atVersion(surveyId: string, version: number): Promise<SurveyVersion | undefined> {
    const current = this.current.get(surveyId);
    if (!current) return undefined;
    if (current.version === version) return current;
    const key = `${surveyId}@${version}`;
    const cached = this.oldVersions.get(key);
    if (cached) return cached;
    const row = await findVersion(this.db, surveyId, version);
    if (!row) return undefined;
    const definition = JSON.parse(row.definition) as Record<string, unknown>;
    // Whether the survey may take answers is the current file's to say (its privacy notice), and a
    // version stored before the notice was checked has no such field at all.
    const meta = { ...(JSON.parse(row.meta) as SurveyMeta), privacyGaps: current.meta.privacyGaps };
    const loaded: SurveyVersion = { meta, version, definition, compiled: this.compile(definition) };
    this.keepOld(key, loaded);
    return loaded;
  }

  dispose(): void {
    for (const v of this.current.values()) v.compiled.dispose();
    for (const v of this.oldVersions.values()) v.compiled.dispose();
    this.oldVersions.clear();
  }
}
