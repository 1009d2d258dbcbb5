// The survey series API (server/series/routes.ts) and the reading of a wave's questions from its
// served survey file (the authoring area's file download): names, titles and choices with labels.
import type { Static } from 'typebox';
import type { QuestionLink, SeriesList, WaveMappingView } from '../../../../server/series/schemas.ts';
import { sessionGet, sessionRequest } from '../../../common/session.ts';
import { authoringUrls } from '../api/authoring.ts';
import { readChoice, textIn, type Json, type TextLanguage } from '../model.ts';
import type { SurveyFile } from '../tab.ts';

export type SeriesListT = Static<typeof SeriesList>;
export type WaveMappingViewT = WaveMappingView;
export type QuestionLinkT = QuestionLink;

const mappingUrl = (series: string, from: string, to: string) => `/api/authoring/series/${encodeURIComponent(series)}/mappings/${encodeURIComponent(from)}/${encodeURIComponent(to)}`;

export const seriesUrls = { list: '/api/authoring/series', mapping: mappingUrl };
export const getSurveyFile = (id: string) => sessionGet<SurveyFile>(authoringUrls.file(id, false));
/** Saves on the `updatedAt` the page's copy was loaded with (null: the defaults): a save made since is 409 `mapping_changed`. */
export const saveWaveMapping = (series: string, from: string, to: string, questions: QuestionLink[], updatedAt: string | null) =>
  sessionRequest<WaveMappingView>('PUT', mappingUrl(series, from, to), { questions, updatedAt });

export interface WaveChoice {
  readonly value: string;
  readonly label: string;
}
export interface WaveQuestion {
  readonly name: string;
  readonly type: string;
  readonly title: string;
  /** Choices (a rating's values, a yes/no's two answers, a matrix's columns) as the server compares them, by value. */
  readonly choices: readonly WaveChoice[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const NO_QUESTION = new Set(['panel', 'paneldynamic', 'html', 'image', 'expression']);

function choicesOf(q: Json, language: TextLanguage): WaveChoice[] {
  const label = (item: unknown) => {
    const c = readChoice(item, language);
    return { value: c.value, label: c.text || readChoice(item, 'default').text || c.value };
  };
  switch (q.type) {
    case 'rating': {
      if (Array.isArray(q.rateValues) && q.rateValues.length > 0) return q.rateValues.map(label);
      const min = Number(q.rateMin ?? 1), max = Number(q.rateMax ?? 5), step = Number(q.rateStep ?? 1) || 1;
      const out: WaveChoice[] = [];
      for (let v = min; v <= max; v += step) out.push({ value: String(v), label: String(v) });
      return out;
    }
    case 'boolean':
      return [
        { value: 'true', label: textIn(q.labelTrue, language) || textIn(q.labelTrue, 'default') || 'true' },
        { value: 'false', label: textIn(q.labelFalse, language) || textIn(q.labelFalse, 'default') || 'false' },
      ];
    case 'matrix':
      return Array.isArray(q.columns) ? q.columns.map(label) : [];
    default: {
      if (!Array.isArray(q.choices)) return [];
      const out = q.choices.map(label);
      if (q.showNoneItem || q.hasNone) out.push({ value: String(q.noneValue ?? 'none'), label: textIn(q.noneText, language) || 'none' });
      if (q.showOtherItem || q.hasOther) out.push({ value: 'other', label: textIn(q.otherText, language) || 'other' });
      return out;
    }
  }
}

/** The questions of a survey file in form order (panels opened), each with its title in `language`. */
export function waveQuestions(file: SurveyFile, language: TextLanguage): WaveQuestion[] {
  const out: WaveQuestion[] = [];
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isObject(element)) continue;
      if (Array.isArray(element.elements)) walk(element.elements);
      if (NO_QUESTION.has(String(element.type)) || typeof element.name !== 'string') continue;
      const title = textIn(element.title, language) || textIn(element.title, 'default') || element.name;
      out.push({ name: element.name, type: String(element.type), title, choices: choicesOf(element, language) });
    }
  };
  const pages = (file.survey as Json).pages;
  if (Array.isArray(pages)) for (const page of pages) if (isObject(page)) walk(page.elements);
  walk((file.survey as Json).elements);
  return out;
}
