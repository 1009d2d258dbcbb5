// The checks (lint) panel of the survey editor: what survives publishing but an author should fix or
// at least know, each finding with its severity, its place (page, question) and a sentence in
// Finnish, Swedish and English. The rules:
// - untranslated texts: a text of the survey without one of the survey's languages;
// - questions nobody can reach: a visibleIf that can never be true given the choices it names (its
//   questions' possible answers are tried one by one with survey-core's own ConditionRunner), a
//   question on a page or in a panel that is never shown, a question hidden for good, and questions
//   after a `complete` trigger that always ends the form;
// - a choice value used twice within a question (its answers cannot be told apart);
// - a municipality question that does not offer the county's codes (all of the geography, none unknown);
// - a question that changes meaning against the published version (same name, another type, answer
//   scale, a removed or relabelled choice, row or column), read with diff.ts's comparison.
// No library lints SurveyJS JSON for these (survey-core checks the JSON's shape, not what it means to
// a respondent or to results), so they are written here over the plain walk the validator uses.
import type { Kysely } from 'kysely';
import { ConditionRunner } from 'survey-core';
import { findDraft } from '../../db/authoring.ts';
import type { Database } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { SurveyCatalog } from '../surveys/catalog.ts';
import type { Geography } from '../geography.ts';
import { itemList, itemValue, walkDefinition, type ContainerNode, type Json, type QuestionNode } from '../validation/definition.ts';
import { isPlainObject } from '../validation/values.ts';
import { conditionVariables, referencedName } from './conditions.ts';
import { diffDefinitions } from './diff.ts';

export type LintRule = 'untranslated' | 'unreachable' | 'choice_reused' | 'municipality_codes' | 'meaning_changed';
export type LintSeverity = 'error' | 'warning' | 'info';
type Sentence = { fi: string; sv: string; en: string };

export interface LintFinding {
  readonly rule: LintRule;
  readonly severity: LintSeverity;
  /** The page's name (the structure tab's place), null for the survey's own texts. */
  readonly page: string | null;
  /** The question's name, null for a page's or the survey's own finding. */
  readonly question: string | null;
  /** The language an untranslated text lacks; null for the other rules. */
  readonly language: string | null;
  readonly message: Sentence;
}

/** The survey's languages as the respondent page offers them: Finnish (`default`) and every locale its texts have. */
export function surveyLanguages(file: Json): string[] {
  const locales = new Set<string>(['fi']);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isPlainObject(value)) {
      if (isLocalized(value)) for (const key of Object.keys(value)) locales.add(key === 'default' ? 'fi' : key);
      else Object.values(value).forEach(visit);
    }
  };
  visit(file.title);
  visit(file.survey);
  if (Array.isArray(file.languages)) for (const l of file.languages) if (typeof l === 'string') locales.add(l === 'default' ? 'fi' : l);
  return [...locales];
}

const LOCALE_KEY = /^(default|[a-z]{2,3}(-[a-z]+)?)$/;
/** A text per locale: `{ default: 'Kunta', sv: 'Kommun' }`. */
function isLocalized(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && typeof value.default === 'string' && keys.every((k) => LOCALE_KEY.test(k) && typeof value[k] === 'string');
}

/** survey-core's localizable properties that Kuulo's surveys use: a plain string there is a Finnish-only text. */
const TEXT_KEYS = new Set([
  'title', 'description', 'text', 'html', 'placeholder', 'otherText', 'otherPlaceholder', 'noneText', 'refuseText', 'dontKnowText', 'commentText',
  'requiredErrorText', 'labelTrue', 'labelFalse', 'minRateDescription', 'maxRateDescription', 'completedHtml', 'completeText', 'pageNextText',
  'pagePrevText', 'navigationTitle', 'navigationDescription', 'addRowText', 'removeRowText', 'addPanelText', 'removePanelText', 'optionsCaption',
  'selectAllText', 'clearButtonCaption', 'cellHint', 'minErrorText', 'maxErrorText',
]);
/** Keys whose strings are names, values and expressions, never texts, though a TEXT_KEY sits inside them. */
const NOT_TEXT_CONTAINERS = new Set(['triggers', 'calculatedValues']);

interface Text {
  readonly owner: string | null;
  readonly page: string | null;
  readonly value: unknown;
}

/** Every text of the definition with the question (or page, panel) it belongs to. */
function textsOf(definition: Json): Text[] {
  const out: Text[] = [];
  const visit = (node: unknown, owner: string | null, page: string | null, key: string | null): void => {
    if (Array.isArray(node)) {
      node.forEach((child) => visit(child, owner, page, key));
      return;
    }
    if (!isPlainObject(node)) {
      if (typeof node === 'string' && key !== null && TEXT_KEYS.has(key) && node.trim() !== '') out.push({ owner, page, value: node });
      return;
    }
    if (key !== null && TEXT_KEYS.has(key) && isLocalized(node)) {
      out.push({ owner, page, value: node });
      return;
    }
    const here = typeof node.name === 'string' && (typeof node.type === 'string' || key === 'elements') ? node.name : owner;
    for (const [k, v] of Object.entries(node)) {
      if (NOT_TEXT_CONTAINERS.has(k)) continue;
      if (k === 'pages' && Array.isArray(v)) {
        v.forEach((p, i) => visit(p, null, isPlainObject(p) && typeof p.name === 'string' ? p.name : `page${i + 1}`, 'pages'));
      } else visit(v, here, page, k);
    }
  };
  visit(definition, null, null, null);
  return out;
}

const LANGUAGE_NAMES: Record<string, Sentence> = {
  fi: { fi: 'suomeksi', sv: 'på finska', en: 'in Finnish' },
  sv: { fi: 'ruotsiksi', sv: 'på svenska', en: 'in Swedish' },
  en: { fi: 'englanniksi', sv: 'på engelska', en: 'in English' },
  'fi-selko': { fi: 'selkosuomeksi', sv: 'på lättläst finska', en: 'in plain Finnish' },
  ar: { fi: 'arabiaksi', sv: 'på arabiska', en: 'in Arabic' },
};
const inLanguage = (l: string): Sentence => LANGUAGE_NAMES[l] ?? { fi: `kielellä ${l}`, sv: `på språket ${l}`, en: `in ${l}` };
const q = (name: string) => `«${name}»`;

function untranslated(file: Json, languages: readonly string[]): LintFinding[] {
  const groups = new Map<string, { owner: string | null; page: string | null; language: string; count: number }>();
  const texts: Text[] = [...textsOf(file.survey as Json)];
  if (file.title !== undefined) texts.unshift({ owner: null, page: null, value: file.title });
  for (const text of texts) {
    for (const language of languages) {
      const key = language === 'fi' ? 'default' : language;
      const has = typeof text.value === 'string' ? language === 'fi' : isPlainObject(text.value) && typeof text.value[key] === 'string' && (text.value[key] as string).trim() !== '';
      if (has) continue;
      const id = `${text.page ?? ''}\u0000${text.owner ?? ''}\u0000${language}`;
      const group = groups.get(id) ?? { owner: text.owner, page: text.page, language, count: 0 };
      group.count += 1;
      groups.set(id, group);
    }
  }
  return [...groups.values()].map(({ owner, page, language, count }) => {
    const l = inLanguage(language);
    const where: Sentence = owner !== null ? { fi: `Kysymyksessä ${q(owner)}`, sv: `Frågan ${q(owner)} har`, en: `Question ${q(owner)} has` } : page !== null ? { fi: `Sivulla ${q(page)}`, sv: `Sidan ${q(page)} har`, en: `Page ${q(page)} has` } : { fi: 'Kyselyn otsikossa tai kuvauksessa', sv: 'Enkätens rubrik eller beskrivning har', en: 'The survey’s title or description has' };
    return {
      rule: 'untranslated' as const,
      severity: 'warning' as const,
      page,
      question: owner !== null && owner !== page ? owner : null,
      language,
      message: {
        fi: `${where.fi} on ${count} ${count === 1 ? 'teksti, jota' : 'tekstiä, joita'} ei ole ${l.fi}.`,
        sv: `${where.sv} ${count} ${count === 1 ? 'text' : 'texter'} som saknas ${l.sv}.`,
        en: `${where.en} ${count} ${count === 1 ? 'text' : 'texts'} missing ${l.en}.`,
      },
    };
  });
}

/** Names survey-core gives its special choices' values. */
const SPECIAL_ITEMS: [string[], unknown][] = [
  [['showOtherItem', 'hasOther'], 'other'],
  [['showNoneItem', 'hasNone'], 'none'],
  [['showRefuseItem'], 'refused'],
  [['showDontKnowItem'], 'dontknow'],
];
const SINGLE_CHOICE = new Set(['radiogroup', 'dropdown', 'imagepicker']);
const MULTI_CHOICE = new Set(['checkbox', 'tagbox', 'ranking']);
/** Most answer combinations tried for one condition; a condition with more is not judged. */
const MAX_COMBINATIONS = 5_000;

function choiceValues(json: Json): unknown[] | null {
  if (json.choicesByUrl !== undefined || json.choicesFromQuestion !== undefined) return null;
  const values = itemList(json.choices).map((item) => item.value);
  for (const [keys, value] of SPECIAL_ITEMS) if (keys.some((k) => json[k] === true)) values.push(value);
  return values;
}

/**
 * Every answer a question can have, for the conditions that read it: a single choice's values, a
 * multiple choice's empty, single and full selections (enough for `contains`, `anyof`, `allof`, `=`
 * against one value), a boolean's two, a rating's scale; null for a question of free answers.
 */
function possibleAnswers(question: QuestionNode): unknown[] | null {
  const { json, type } = question;
  const empty = json.isRequired === true ? [] : [undefined];
  if (SINGLE_CHOICE.has(type)) {
    const values = choiceValues(json);
    return values === null ? null : [...empty, ...values];
  }
  if (MULTI_CHOICE.has(type)) {
    const values = choiceValues(json);
    if (values === null) return null;
    return [...empty, ...values.map((v) => [v]), ...(values.length > 1 ? [values] : [])];
  }
  if (type === 'boolean') return [...empty, json.valueTrue ?? true, json.valueFalse ?? false];
  if (type === 'rating') {
    if (Array.isArray(json.rateValues) && json.rateValues.length > 0) return [...empty, ...json.rateValues.map(itemValue)];
    const min = typeof json.rateMin === 'number' ? json.rateMin : 1;
    const max = typeof json.rateMax === 'number' ? json.rateMax : typeof json.rateCount === 'number' ? min + json.rateCount - 1 : 5;
    const step = typeof json.rateStep === 'number' && json.rateStep > 0 ? json.rateStep : 1;
    const values: number[] = [];
    for (let v = min; v <= max && values.length < 100; v += step) values.push(v);
    return [...empty, ...values];
  }
  return null;
}

/**
 * Whether a condition can ever be true, trying every combination of its questions' possible answers
 * (`required` ones always answered when `answered` is asked); null when it reads a question of free
 * answers, a name that is no question, or has too many combinations to try.
 */
function canBeTrue(expression: string, questions: ReadonlyMap<string, QuestionNode>, answered = false): { always: boolean; ever: boolean } | null {
  const variables = conditionVariables(expression);
  if (variables === null) return null;
  const names = [...new Set(variables.map(referencedName))];
  const domains: [string, unknown[]][] = [];
  for (const name of names) {
    const question = questions.get(name);
    if (!question || variables.some((v) => referencedName(v) === name && v.toLowerCase() !== name)) return null;
    const domain = possibleAnswers(question);
    if (domain === null) return null;
    domains.push([question.name, answered ? domain.filter((v) => v !== undefined) : domain]);
  }
  if (domains.reduce((n, [, d]) => n * Math.max(1, d.length), 1) > MAX_COMBINATIONS) return null;
  const runner = new ConditionRunner(expression);
  let ever = false;
  let always = true;
  const values: Record<string, unknown> = {};
  const tryFrom = (i: number): void => {
    if (i === domains.length) {
      const result = runner.runValues({ ...values });
      ever ||= result;
      always &&= result;
      return;
    }
    const [name, domain] = domains[i]!;
    for (const value of domain) {
      if (value === undefined) delete values[name];
      else values[name] = value;
      tryFrom(i + 1);
    }
    delete values[name];
  };
  tryFrom(0);
  return { always, ever };
}

function unreachable(definition: Json): LintFinding[] {
  const walked = walkDefinition(definition);
  const byName = new Map(walked.questions.map((node) => [node.name.toLowerCase(), node]));
  const pageOf = (node: QuestionNode) => node.parents.at(-1)!;
  const findings: LintFinding[] = [];
  const never = new Map<ContainerNode, 'hidden' | 'never'>();
  const judge = (json: Json): 'hidden' | 'never' | null => {
    if (json.visible === false && json.visibleIf === undefined) return 'hidden';
    if (typeof json.visibleIf === 'string' && canBeTrue(json.visibleIf, byName)?.ever === false) return 'never';
    return null;
  };
  for (const container of [...walked.pages, ...walked.panels]) {
    const why = judge(container.json);
    if (why) never.set(container, why);
  }
  // The page where a `complete` trigger that fires whatever the answers ends the form: later pages are never shown.
  let endsAt = Infinity;
  const triggers = Array.isArray(definition.triggers) ? definition.triggers.filter(isPlainObject) : [];
  for (const trigger of triggers) {
    if (String(trigger.type).toLowerCase() !== 'complete' || typeof trigger.expression !== 'string') continue;
    const names = (conditionVariables(trigger.expression) ?? []).map(referencedName);
    if (names.length === 0) continue;
    if (canBeTrue(trigger.expression, byName, true)?.always !== true) continue;
    const pages = names.map((n) => byName.get(n)).map((node) => (node ? walked.pages.indexOf(pageOf(node)) : -1));
    if (pages.every((p) => p >= 0)) endsAt = Math.min(endsAt, Math.max(...pages));
  }
  for (const node of walked.questions) {
    const page = pageOf(node);
    const base = { rule: 'unreachable' as const, severity: 'warning' as const, page: page.name, question: node.name, language: null };
    const own = judge(node.json);
    const container = node.parents.find((p) => never.has(p));
    const pageNo = walked.pages.indexOf(page);
    if (own === 'never') {
      findings.push({ ...base, message: {
        fi: `Kysymystä ${q(node.name)} ei näytetä kenellekään: sen näkyvyysehto (${String(node.json.visibleIf)}) ei voi toteutua vastausvaihtoehdoilla, joita se mainitsee.`,
        sv: `Frågan ${q(node.name)} visas aldrig: dess villkor (${String(node.json.visibleIf)}) kan inte uppfyllas med de svarsalternativ det nämner.`,
        en: `Nobody can reach question ${q(node.name)}: its visibleIf (${String(node.json.visibleIf)}) can never be true given the choices it names.`,
      } });
    } else if (own === 'hidden') {
      findings.push({ ...base, message: {
        fi: `Kysymys ${q(node.name)} on piilotettu (visible: false) eikä sillä ole näkyvyysehtoa: kukaan ei näe sitä.`,
        sv: `Frågan ${q(node.name)} är dold (visible: false) utan villkor: ingen ser den.`,
        en: `Question ${q(node.name)} is hidden (visible: false) with no visibleIf: nobody sees it.`,
      } });
    } else if (container) {
      const kind = container.kind === 'page' ? { fi: 'sivulla', sv: 'på sidan', en: 'on page' } : { fi: 'paneelissa', sv: 'i panelen', en: 'in panel' };
      findings.push({ ...base, message: {
        fi: `Kysymystä ${q(node.name)} ei näytetä kenellekään: se on ${kind.fi} ${q(container.name)}, jota ei koskaan näytetä.`,
        sv: `Frågan ${q(node.name)} visas aldrig: den finns ${kind.sv} ${q(container.name)}, som aldrig visas.`,
        en: `Nobody can reach question ${q(node.name)}: it is ${kind.en} ${q(container.name)}, which is never shown.`,
      } });
    } else if (pageNo > endsAt) {
      findings.push({ ...base, message: {
        fi: `Kysymystä ${q(node.name)} ei näytetä kenellekään: lopetusehto (complete-trigger) päättää kyselyn aina sivulla ${q(walked.pages[endsAt]!.name)}, ennen tätä kysymystä.`,
        sv: `Frågan ${q(node.name)} visas aldrig: en avslutande trigger (complete) avslutar alltid enkäten på sidan ${q(walked.pages[endsAt]!.name)}, före frågan.`,
        en: `Nobody can reach question ${q(node.name)}: a complete trigger always ends the survey on page ${q(walked.pages[endsAt]!.name)}, before it.`,
      } });
    }
  }
  return findings;
}

function reusedValues(definition: Json): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const node of walkDefinition(definition).questions) {
    const lists: [string, unknown][] = [['choices', node.json.choices], ['rows', node.json.rows], ['rateValues', node.json.rateValues]];
    if (Array.isArray(node.json.columns)) {
      lists.push(['columns', node.json.columns.map((c) => (isPlainObject(c) && c.value === undefined && c.name !== undefined ? { value: c.name } : c))]);
      for (const column of node.json.columns.filter(isPlainObject)) lists.push([`columns.${String(column.name)}.choices`, column.choices]);
    }
    for (const [list, items] of lists) {
      if (!Array.isArray(items)) continue;
      const counts = new Map<string, number>();
      for (const item of items) {
        const value = String(itemValue(item));
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const twice = [...counts].filter(([, n]) => n > 1).map(([v]) => v);
      if (twice.length === 0) continue;
      const values = twice.map((v) => `'${v}'`).join(', ');
      findings.push({
        rule: 'choice_reused',
        severity: 'error',
        page: node.parents.at(-1)!.name,
        question: node.name,
        language: null,
        message: {
          fi: `Kysymyksessä ${q(node.name)} (${list}) sama arvo on useammalla vaihtoehdolla: ${values}. Vastauksia ei voi erottaa toisistaan.`,
          sv: `Frågan ${q(node.name)} (${list}) har samma värde på flera alternativ: ${values}. Svaren kan inte skiljas åt.`,
          en: `Question ${q(node.name)} (${list}) uses the value ${values} for more than one item: its answers cannot be told apart.`,
        },
      });
    }
  }
  return findings;
}

function municipalityCodes(file: Json, geography: Geography): LintFinding[] {
  const name = file.municipalityQuestion;
  if (typeof name !== 'string') return [];
  const node = walkDefinition(file.survey as Json).questions.find((n) => n.name === name);
  if (!node) return [];
  const base = { rule: 'municipality_codes' as const, severity: 'error' as const, page: node.parents.at(-1)!.name, question: node.name, language: null };
  const values = choiceValues(node.json);
  if (values === null || !Array.isArray(node.json.choices)) {
    return [{ ...base, severity: 'warning', message: {
      fi: `Kuntakysymyksellä ${q(name)} ei ole vaihtoehtoja: vain kuntakoodiksi kelpaavat vastaukset lasketaan kunnille.`,
      sv: `Kommunfrågan ${q(name)} har inga alternativ: bara svar som är kommunkoder räknas för kommunerna.`,
      en: `The municipality question ${q(name)} offers no choices: only answers that are municipality codes count for the municipalities.`,
    } }];
  }
  const offered = new Set(values.map(String));
  const missing = geography.municipalities.filter((m) => !offered.has(m.code));
  const unknown = [...offered].filter((v) => /^\d+$/.test(v) && !geography.byCode.has(v));
  const findings: LintFinding[] = [];
  if (missing.length > 0) {
    const list = missing.map((m) => `${m.code} ${m.nameFi}`).join(', ');
    findings.push({ ...base, message: {
      fi: `Kuntakysymyksestä ${q(name)} puuttuu ${missing.length}/${geography.municipalities.length} hyvinvointialueen kuntaa: ${list}.`,
      sv: `Kommunfrågan ${q(name)} saknar ${missing.length}/${geography.municipalities.length} av välfärdsområdets kommuner: ${list}.`,
      en: `The municipality question ${q(name)} lacks ${missing.length} of the county's ${geography.municipalities.length} municipalities: ${list}.`,
    } });
  }
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    findings.push({ ...base, message: {
      fi: `Kuntakysymyksessä ${q(name)} on koodeja, jotka eivät ole hyvinvointialueen kuntia: ${list}.`,
      sv: `Kommunfrågan ${q(name)} har koder som inte är välfärdsområdets kommuner: ${list}.`,
      en: `The municipality question ${q(name)} offers codes that are no municipality of the county: ${list}.`,
    } });
  }
  return findings;
}

function meaningChanges(published: Json | null, definition: Json): LintFinding[] {
  if (!published) return [];
  const diff = diffDefinitions(published, definition);
  const before = new Map(walkDefinition(published).questions.map((n) => [n.name, n]));
  const after = new Map(walkDefinition(definition).questions.map((n) => [n.name, n]));
  const findings: LintFinding[] = [];
  for (const change of diff.changed) {
    const old = before.get(change.name)!;
    const now = after.get(change.name)!;
    const reasons: Sentence[] = [];
    if (old.type !== now.type) reasons.push({ fi: `tyyppi ${old.type} → ${now.type}`, sv: `typen ${old.type} → ${now.type}`, en: `type ${old.type} → ${now.type}` });
    const scale = change.breaking.find((b) => b.startsWith('the answer scale changed'));
    if (scale) {
      const keys = /\((.*)\)/.exec(scale)?.[1] ?? '';
      reasons.push({ fi: `vastausasteikko muuttui (${keys})`, sv: `svarsskalan ändrades (${keys})`, en: `answer scale changed (${keys})` });
    }
    for (const [part, items, fi, sv] of [['choices', change.choices, 'vaihtoehto', 'alternativ'], ['rows', change.rows, 'rivi', 'rad'], ['columns', change.columns, 'sarake', 'kolumn']] as const) {
      if (items.removed.length > 0) reasons.push({ fi: `${fi} ${items.removed.join(', ')} poistettu`, sv: `${sv} ${items.removed.join(', ')} borttagen`, en: `${part} ${items.removed.join(', ')} removed` });
      if (items.relabelled.length > 0) reasons.push({ fi: `${fi} ${items.relabelled.join(', ')} sai uuden tekstin samalla arvolla`, sv: `${sv} ${items.relabelled.join(', ')} fick ny text med samma värde`, en: `${part} ${items.relabelled.join(', ')} relabelled under the same value` });
    }
    if (reasons.length === 0) continue;
    const join = (l: keyof Sentence) => reasons.map((r) => r[l]).join('; ');
    findings.push({
      rule: 'meaning_changed',
      severity: 'warning',
      page: now.parents.at(-1)!.name,
      question: change.name,
      language: null,
      message: {
        fi: `Kysymyksen ${q(change.name)} merkitys muuttuu julkaistuun versioon verrattuna (${join('fi')}): aiemmat vastaukset eivät ole vertailukelpoisia.`,
        sv: `Frågan ${q(change.name)} ändrar betydelse jämfört med den publicerade versionen (${join('sv')}): tidigare svar är inte jämförbara.`,
        en: `Question ${q(change.name)} changes meaning against the published version (${join('en')}): earlier answers are not comparable.`,
      },
    });
  }
  return findings;
}

const ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Every finding of a draft's file, errors first, then in the order of the survey. */
export function lintSurvey(file: Json, published: Json | null, geography: Geography): LintFinding[] {
  const definition = isPlainObject(file.survey) ? file.survey : {};
  const findings = [
    ...reusedValues(definition),
    ...municipalityCodes(file, geography),
    ...unreachable(definition),
    ...meaningChanges(published, definition),
    ...untranslated(file, surveyLanguages(file)),
  ];
  return findings.map((f, i) => [f, i] as const).sort(([a, i], [b, j]) => ORDER[a.severity] - ORDER[b.severity] || i - j).map(([f]) => f);
}

/** `GET /api/authoring/drafts/:id/lint`: the saved draft's findings, against the version served now. */
export async function lintDraft(db: Kysely<Database>, catalog: SurveyCatalog, geography: Geography, id: string): Promise<{ revision: number; publishedVersion: number | null; languages: string[]; findings: LintFinding[] }> {
  const row = await findDraft(db, id);
  if (!row) throw new ApiError(404, 'survey_draft_not_found', `no draft of '${id}'`);
  const file = JSON.parse(row.file) as Json;
  const served = catalog.get(id);
  return { revision: row.revision, publishedVersion: served?.version ?? null, languages: surveyLanguages(file), findings: lintSurvey(file, served?.definition ?? null, geography) };
}
