// survey-core set up for Kuulo: Finnish first, Swedish and plain Finnish texts for its own
// buttons and messages, a theme with WCAG 2.1 AA contrast, and styles that need no inline <style>.
import { useEffect, useState } from 'react';
import { Model, settings, setupLocale, surveyLocalization, type SurveyModel } from 'survey-core';
import 'survey-core/survey-core.fontless.css';
import 'virtual:survey-base-theme.css';
import { PLAIN_FINNISH, type Language } from '../i18n.tsx';
import type { Draft } from './draft.ts';
import './strings.ts';

// The definitions' `default` texts are Finnish, while survey-core's default locale is "en" and a
// model asked for its default locale stores "" and reads the `default` texts: `?lang=en` showed every
// question in Finnish. Setting Finnish as survey-core's *current* locale makes every locale explicit
// ("en" stays "en" and reads the `en` texts; "fi" reads `default` as a locale without texts of its
// own), and survey-react-ui writes the real locale into the form's `lang` (for "" it writes "en").
// Making "fi" the default locale instead would put lang="en" on every Finnish form.
surveyLocalization.currentLocale = 'fi';
// Plain Finnish is Finnish to survey-core's own strings ("Seuraava", "Lähetä"); the survey's
// `fi-selko` texts come from its definition, falling back to the Finnish (`default`) ones.
setupLocale({ localeCode: PLAIN_FINNISH, strings: surveyLocalization.locales.fi, nativeName: 'selkosuomi', englishName: 'Plain Finnish' });
// Real headings (survey-core 3 renders titles as <div>s) let screen-reader users jump between questions.
settings.titleTags = { survey: 'h1', page: 'h2', panel: 'h3', question: 'h3' };

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif";

/** Kuulo's colours over survey-core's default theme: the brand blue (7.4:1 on white), system fonts. */
const THEME = {
  themeName: 'kuulo',
  colorPalette: 'light',
  isPanelless: false,
  cssVariables: {
    '--sjs2-color-project-brand-600': '#00587f',
    '--sjs2-color-utility-surface-survey': '#f3f6f8',
    '--sjs2-typography-font-family-text': FONT,
  },
};

export interface CreateOptions {
  readonly language: Language;
  readonly draft: Draft | null;
  readonly onChange: (model: SurveyModel) => void;
}

/** A survey-core model of a definition, restored from a draft, saving every change through `onChange`. */
export function createSurveyModel(definition: object, { language, draft, onChange }: CreateOptions): SurveyModel {
  const model = new Model(definition);
  // survey-core would write its 1,600 theme variables into a <style> element, which a strict
  // Content-Security-Policy refuses; vite.config.ts builds the same CSS into a file instead.
  model.generateStylesheet = false;
  model.applyTheme(THEME);
  model.locale = language;
  // The page shows the title, description and privacy information itself, above the form.
  model.showTitle = false;
  model.showCompletePage = false;
  if (!model.showProgressBar) model.showProgressBar = true;
  // A hidden question's answer goes as soon as it is hidden, so neither the draft nor the
  // submission carries an answer the server would reject as `hidden_question`.
  model.clearInvisibleValues = 'onHidden';
  if (draft) {
    for (const [name, value] of Object.entries(draft.data)) {
      // An answer from an earlier version of the survey is kept only if its question still exists.
      if (model.getQuestionByValueName(name) || name.endsWith('-Comment')) model.setValue(name, value);
    }
    model.clearIncorrectValues(true);
    const pageNo = Math.min(Math.max(0, draft.page), model.visiblePageCount - 1);
    if (pageNo > 0) model.currentPageNo = pageNo;
  }
  model.onValueChanged.add(onChange);
  model.onCurrentPageChanged.add((sender) => {
    onChange(sender);
    // Keyboard and screen-reader users start the new page at its first question, not at the bottom.
    sender.focusFirstQuestion();
  });
  return model;
}

/** The current page's number among the pages shown as the answers stand, and how many they are; null for a one-page form. */
export function pageProgress(model: SurveyModel): { page: number; of: number } | null {
  const pages = model.visiblePages;
  const index = pages.indexOf(model.currentPage);
  return pages.length > 1 && index >= 0 ? { page: index + 1, of: pages.length } : null;
}

/**
 * The page counter's figures, kept current: after every page change, page shown or hidden and
 * answer (read a microtask later, once survey-core has finished the change that fired the event: a
 * page's visibility is decided while its questions' are). `firstPage` hides "Previous" on page one.
 * Shared by the form and the editor's preview of it.
 */
export function usePageProgress(model: SurveyModel | null): { progress: { page: number; of: number } | null; firstPage: boolean } {
  const [progress, setProgress] = useState<{ page: number; of: number } | null>(null);
  const [firstPage, setFirstPage] = useState(true);
  useEffect(() => {
    if (!model) return;
    const update = () => {
      setProgress(pageProgress(model));
      setFirstPage(model.currentPageNo === 0);
    };
    const later = () => queueMicrotask(update);
    update();
    model.onCurrentPageChanged.add(later);
    model.onPageVisibleChanged.add(later);
    model.onValueChanged.add(later);
    return () => {
      model.onCurrentPageChanged.remove(later);
      model.onPageVisibleChanged.remove(later);
      model.onValueChanged.remove(later);
    };
  }, [model]);
  return { progress, firstPage };
}

/** The locales a definition has texts in: the keys of its localized strings (`default` is Finnish). */
export function definitionLocales(definition: unknown): Set<string> {
  const locales = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (typeof object.default === 'string') for (const key of Object.keys(object)) locales.add(key);
      else Object.values(object).forEach(visit);
    }
  };
  visit(definition);
  return locales;
}
