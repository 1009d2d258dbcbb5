// survey-core's own interface texts where its Finnish and Swedish read badly on Kuulo's forms (many
// are machine translations). Only the strings the forms use are reviewed (buttons, the dropdown,
// special choices, the checks the survey files ask for); the rest stay as shipped, each override
// costing the respondent's download.
// Finnish's are here, applied before any model is made; another language's are in its chunk
// (../languages/<code>.ts), applied with survey-core's locale for it before a page shows the language.
import { surveyLocalization } from 'survey-core';
import 'survey-core/i18n/finnish';
import { addLanguageLoader, loadLanguagePack, onLanguagePack, type Language } from '../i18n.tsx';

/**
 * survey-core's locales of the languages whose texts are chunks (LAZY_LANGUAGES in ../i18n.tsx),
 * each a chunk of its own too: a survey page fetches it beside the language's texts. English is
 * survey-core's own.
 */
const SURVEY_CORE_LOCALES: Partial<Record<Language, () => Promise<unknown>>> = {
  sv: () => import('./locales/swedish.ts'),
  ar: () => import('./locales/arabic.ts'),
};

type Overrides = Record<string, string>;

const FI: Overrides = {
  // "Valmis" (done) does not say the answers leave: the last button sends them.
  completeText: 'Lähetä',
  // The dropdown's button: "valikoida" is a machine translation ("to assort").
  selectCaption: 'Valitse',
  // Forms say "please" once, at most; a required answer tells what to do.
  requiredError: 'Vastaa tähän kysymykseen.',
  // "validi" is not standard Finnish.
  invalidEmail: 'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
  // "Kieltäydy vastaamasta" (refuse to answer) sounds hostile; survey forms say "En halua vastata".
  refuseItemText: 'En halua vastata',
  // "Ei tiedä" (does not know) is third person; the respondent speaks in the first.
  dontKnowItemText: 'En osaa sanoa',
  // "Syötä" (input) is a programmer's word.
  textMaxLength: 'Kirjoita enintään {0} merkkiä.',
};

/** Each locale's overrides over survey-core's strings, exported for the tests that read them back. */
// A chunk's row is here once the chunk has loaded (in the tests, at once).
const overrides: Partial<Record<string, Overrides>> = { fi: FI };
export const SURVEY_STRING_OVERRIDES = overrides as Readonly<Record<'fi' | 'sv' | 'en' | 'ar', Overrides>>;
onLanguagePack((language, pack) => {
  if (pack.survey) overrides[language] = pack.survey;
});

const apply = (locale: string) => Object.assign(surveyLocalization.locales[locale] as Overrides, overrides[locale]);
apply('fi');
addLanguageLoader(async (language) => {
  await Promise.all([SURVEY_CORE_LOCALES[language]?.(), loadLanguagePack(language)]);
  apply(language);
});
