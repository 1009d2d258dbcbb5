// The page's own texts (the survey's texts come from its definition) and the chosen language.
/// <reference types="vite/types/importMeta.d.ts" />
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { readJson, writeJson } from '../common/storage.ts';
import { fi, plainFinnish, type Strings } from './texts-fi.ts';
import type { LanguagePack } from './language-pack.ts';

/** Plain Finnish (selkosuomi): the surveys' own locale code for it. */
export const PLAIN_FINNISH = 'fi-selko';
/**
 * The languages the respondent's pages speak, in the language menu's order: each with its name in
 * itself, its `lang` for screen readers and its writing direction. A survey offers those of them its
 * texts have (`languagesOf`). Adding a language (Somali, Russian, Ukrainian…) means a row here, a
 * file languages/<code>.ts with its interface texts (the page's, the rights page's, the privacy
 * notice's headings and its overrides of survey-core's strings: the compiler asks for each) and its
 * row in `LAZY_LANGUAGES` below, survey-core's locale in survey/strings.ts, and the survey's texts.
 */
export const LANGUAGE_TABLE = {
  fi: { name: 'Suomi', lang: 'fi', dir: 'ltr' },
  sv: { name: 'Svenska', lang: 'sv', dir: 'ltr' },
  en: { name: 'English', lang: 'en', dir: 'ltr' },
  // Plain Finnish is Finnish to a screen reader.
  [PLAIN_FINNISH]: { name: 'Selkosuomi', lang: 'fi', dir: 'ltr' },
  ar: { name: 'العربية', lang: 'ar', dir: 'rtl' },
} as const satisfies Record<string, { name: string; lang: string; dir: 'ltr' | 'rtl' }>;
export type Language = keyof typeof LANGUAGE_TABLE;
export type { LanguagePack, Strings };
export const LANGUAGES = Object.keys(LANGUAGE_TABLE) as readonly Language[];

/** Each language's name in itself, as the switch shows it. */
export const LANGUAGE_NAMES = Object.fromEntries(LANGUAGES.map((l) => [l, LANGUAGE_TABLE[l].name])) as Record<Language, string>;

/** The value of `<html lang>` and of `lang` attributes: plain Finnish is Finnish to a screen reader. */
export const htmlLang = (language: Language): string => LANGUAGE_TABLE[language].lang;

/** The writing direction: `rtl` for Arabic, whose pages are mirrored. */
export const textDirection = (language: Language): 'ltr' | 'rtl' => LANGUAGE_TABLE[language].dir;


/**
 * The languages whose texts are a chunk of their own (languages/<code>.ts), fetched with `import()`
 * when a page is to be shown in one of them, so that a respondent downloads only the language the page
 * speaks; a new language adds nothing to the others' download. Finnish and plain Finnish (Finnish's
 * variant, 1.4 KB gzipped on its own) stay in the page's own chunk: most respondents read them.
 * Swedish and English are chunks too, as measured: kept in the page's chunk, they (with survey-core's
 * Swedish) cost every respondent 7.8 KB gzipped on the survey page and 5.5 KB on the list, while as
 * chunks they cost their few readers one more request (3.2 KB for English; 3.5 KB and survey-core's
 * 2.4 KB for Swedish), fetched beside the survey's definition, which the server preloads.
 */
const LAZY_LANGUAGES: Partial<Record<Language, () => Promise<LanguagePack>>> = {
  sv: () => import('./languages/sv.ts'),
  en: () => import('./languages/en.ts'),
  ar: () => import('./languages/ar.ts'),
};


/**
 * Every language's texts: those of the page's own chunk at once, a chunk's once it has loaded (the
 * provider shows a language only then). The browser tests read what the page must say from here.
 */
export const STRINGS = { fi, [PLAIN_FINNISH]: plainFinnish } as Record<Language, Strings>;

const packs = new Map<Language, LanguagePack>();
const packListeners: ((language: Language, pack: LanguagePack) => void)[] = [];
const packLoads = new Map<Language, Promise<void>>();

/**
 * Calls `listener` with every language chunk loaded so far and with each one loaded later: the
 * other tables of texts (rights/texts.ts, the privacy notice's headings, survey-core's strings) take
 * their rows from it.
 */
export function onLanguagePack(listener: (language: Language, pack: LanguagePack) => void): void {
  packListeners.push(listener);
  for (const [language, pack] of packs) listener(language, pack);
}

/** Loads a language's chunk once (at once for a language of the page's own chunk). A failure (offline) is forgotten: a later call tries again. */
export function loadLanguagePack(language: Language): Promise<void> {
  const load = LAZY_LANGUAGES[language];
  if (!load || packs.has(language)) return Promise.resolve();
  let loading = packLoads.get(language);
  if (!loading) {
    loading = load().then((pack) => {
      packs.set(language, pack);
      STRINGS[language] = pack.strings;
      for (const listener of packListeners) listener(language, pack);
    });
    packLoads.set(language, loading);
    loading.catch(() => packLoads.delete(language));
  }
  return loading;
}

// In Node (the tests, which read every language's texts from the tables) every chunk is loaded here.
// A build writes "production" for the mode, and the branch is left out of the bundle.
if (import.meta.env.MODE === 'test') await Promise.all(LANGUAGES.map(loadLanguagePack));

/** What else a page needs before it can show a language of a chunk: the form's pages add survey-core's locale (survey/strings.ts). */
const languageLoaders: ((language: Language) => Promise<unknown>)[] = [];
export function addLanguageLoader(loader: (language: Language) => Promise<unknown>): void {
  languageLoaders.push(loader);
}

const readyLanguages = new Set<Language>(LANGUAGES.filter((language) => !LAZY_LANGUAGES[language]));

/** Null when the page can show the language now, else the promise of everything it needs for it. */
function loadLanguage(language: Language): Promise<void> | null {
  if (readyLanguages.has(language)) return null;
  return Promise.all([loadLanguagePack(language), ...languageLoaders.map((load) => load(language))]).then(() => {
    readyLanguages.add(language);
  });
}

/** One of the languages the respondent's pages speak (a survey may have texts in others: not shown). */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The address's `?lang=` (a link or QR code can choose), else the respondent's last choice, else Finnish. */
function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(fromUrl)) return fromUrl;
  const saved = readJson<string>('language');
  return isLanguage(saved) ? saved : 'fi';
}

interface LanguageState {
  readonly language: Language;
  readonly t: Strings;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [wanted] = useState<Language>(initialLanguage);
  // The language shown. Null while the first one's chunk loads: the page then stays as its HTML left
  // it (an empty root, as while the scripts download), so an Arabic page never shows Finnish first.
  const [language, setLanguageState] = useState<Language | null>(() => (readyLanguages.has(wanted) ? wanted : null));
  const chosen = useRef<Language | null>(null);
  useEffect(() => {
    if (language !== null) return;
    let mounted = true;
    // Offline, the chunk does not come: the page is shown in Finnish, still usable, rather than not at all.
    void (loadLanguage(wanted) ?? Promise.resolve()).then(
      () => mounted && setLanguageState((shown) => shown ?? wanted),
      () => mounted && setLanguageState((shown) => shown ?? 'fi'),
    );
    return () => {
      mounted = false;
    };
  }, [language, wanted]);
  const setLanguage = useCallback((next: Language) => {
    chosen.current = next;
    const show = () => {
      if (chosen.current !== next) return; // a later choice came first
      setLanguageState(next);
      writeJson('language', next);
      const url = new URL(window.location.href);
      if (url.searchParams.has('lang')) {
        url.searchParams.set('lang', next);
        window.history.replaceState(window.history.state, '', url);
      }
    };
    // The page stays in its language until the chosen one's chunk is here; offline, it stays so.
    const loading = loadLanguage(next);
    if (loading) loading.then(show, () => undefined);
    else show();
  }, []);
  const direction = language ?? wanted;
  useEffect(() => {
    document.documentElement.lang = htmlLang(direction);
    // The whole page mirrors for a right-to-left language: the CSS uses logical properties
    // (margin-inline-start…), and survey-react-ui puts the locale's `dir` on the form as well.
    document.documentElement.dir = textDirection(direction);
  }, [direction]);
  const value = useMemo<LanguageState | null>(() => (language ? { language, t: STRINGS[language], setLanguage } : null), [language, setLanguage]);
  if (!value) return null;
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
}

/** Picks a text in the language, falling back to plain Finnish's root (Finnish) and then to any. */
export function localized(value: string | Record<string, string> | null | undefined, language: Language): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (language === 'fi') return value.default ?? value.fi ?? Object.values(value)[0] ?? '';
  return value[language] || value.default || value.fi || Object.values(value)[0] || '';
}

/** The languages a survey definition has texts in, in the switch's order (Finnish always). */
export function languagesOf(localeKeys: Iterable<string>): Language[] {
  const keys = new Set(localeKeys);
  return LANGUAGES.filter((l) => l === 'fi' || keys.has(l));
}
