// The translations tab's texts (the editor's chunk only).
import type { Language } from '../../app/i18n.tsx';

const fi = {
  title: 'Käännökset',
  intro: 'Kyselyn jokainen teksti kaikilla sen kielillä rinnakkain. Suomenkielinen teksti on lähde: muuta sitä rakenne-välilehdellä. Muutokset tallentuvat itsestään.',
  completeness: 'Käännetty kielittäin',
  languageCol: 'Kieli',
  translatedCol: 'Käännetty',
  ofTotal: (n: number, total: number) => `${n} / ${total}`,
  show: 'Näytä',
  showAll: 'Kaikki tekstit',
  showUntranslated: (language: string) => `Kääntämättömät: ${language}`,
  shownCount: (n: number, total: number) => `Näytetään ${n} tekstiä ${total}:stä.`,
  noneUntranslated: 'Kaikki tekstit on käännetty tälle kielelle.',
  textCol: 'Teksti',
  cellLabel: (language: string, key: string) => `${language}: ${key}`,
  addLanguage: 'Lisää kieli',
  languageCode: 'Kielikoodi (ISO 639, esim. ar, so, uk)',
  surveyTitleIn: 'Kyselyn nimi tällä kielellä',
  add: 'Lisää kieli',
  badCode: 'Kielikoodi on 2–3 pientä kirjainta (ISO 639), esim. ar; tarkenne väliviivalla, esim. fi-selko.',
  codeExists: 'Kyselyssä on jo tämä kieli.',
  titleNeeded: 'Kirjoita kyselyn nimi tällä kielellä: se on kielen ensimmäinen käännös.',
  languageAdded: (language: string) => `Kieli ${language} lisätty.`,
  xlsx: 'Kääntäjän tiedosto (XLSX)',
  xlsxIntro: 'Lataa tekstit Excel-tiedostona kääntäjälle: avain-, selite- ja suomi-sarakkeet on lukittu, kielten sarakkeet täytetään. Tuo täytetty tiedosto takaisin: jos yksikin rivi on virheellinen (tuntematon avain, suomenkielinen teksti muuttunut tiedoston tekemisen jälkeen), mitään ei tuoda.',
  download: 'Lataa tekstit (XLSX)',
  file: 'Tiedosto (täytetty XLSX)',
  emptyErases: 'Tyhjä solu poistaa käännöksen (muuten tyhjä solu jättää nykyisen käännöksen ennalleen)',
  upload: 'Tuo käännökset',
  uploading: 'Tuodaan…',
  chooseFile: 'Valitse ensin tiedosto.',
  imported: (counts: string) => `Käännökset tuotu: ${counts}.`,
  nothingChanged: 'Tiedostossa ei ollut muutoksia luonnokseen.',
  importFailed: 'Tiedostoa ei tuotu, eikä luonnokseen tehty muutoksia:',
  draftChanged: 'Luonnosta on tallennettu toisaalla sillä välin. Lataa sivu uudelleen ja tuo tiedosto sitten.',
};
type Texts = typeof fi;

const sv: Texts = {
  title: 'Översättningar',
  intro: 'Enkätens alla texter på alla dess språk sida vid sida. Den finska texten är källan: ändra den på fliken struktur. Ändringar sparas automatiskt.',
  completeness: 'Översatt per språk',
  languageCol: 'Språk',
  translatedCol: 'Översatt',
  ofTotal: (n, total) => `${n} / ${total}`,
  show: 'Visa',
  showAll: 'Alla texter',
  showUntranslated: (language) => `Oöversatta: ${language}`,
  shownCount: (n, total) => `Visar ${n} av ${total} texter.`,
  noneUntranslated: 'Alla texter är översatta till detta språk.',
  textCol: 'Text',
  cellLabel: (language, key) => `${language}: ${key}`,
  addLanguage: 'Lägg till språk',
  languageCode: 'Språkkod (ISO 639, t.ex. ar, so, uk)',
  surveyTitleIn: 'Enkätens namn på detta språk',
  add: 'Lägg till språk',
  badCode: 'En språkkod är 2–3 små bokstäver (ISO 639), t.ex. ar; en precisering efter bindestreck, t.ex. fi-selko.',
  codeExists: 'Enkäten har redan detta språk.',
  titleNeeded: 'Skriv enkätens namn på detta språk: det är språkets första översättning.',
  languageAdded: (language) => `Språket ${language} tillagt.`,
  xlsx: 'Översättarens fil (XLSX)',
  xlsxIntro: 'Hämta texterna som Excel-fil till översättaren: kolumnerna nyckel, kontext och finska är låsta, språkens kolumner fylls i. Ladda upp den ifyllda filen: om en enda rad är felaktig (okänd nyckel, den finska texten ändrad efter att filen gjordes) förs ingenting in.',
  download: 'Hämta texterna (XLSX)',
  file: 'Fil (ifylld XLSX)',
  emptyErases: 'En tom cell tar bort översättningen (annars lämnar en tom cell den nuvarande översättningen orörd)',
  upload: 'För in översättningar',
  uploading: 'För in…',
  chooseFile: 'Välj först en fil.',
  imported: (counts) => `Översättningar införda: ${counts}.`,
  nothingChanged: 'Filen innehöll inga ändringar jämfört med utkastet.',
  importFailed: 'Filen fördes inte in, och utkastet ändrades inte:',
  draftChanged: 'Utkastet har sparats någon annanstans under tiden. Ladda om sidan och för sedan in filen.',
};

const en: Texts = {
  title: 'Translations',
  intro: "Every text of the survey in all its languages side by side. The Finnish text is the source: change it on the structure tab. Changes are saved automatically.",
  completeness: 'Translated per language',
  languageCol: 'Language',
  translatedCol: 'Translated',
  ofTotal: (n, total) => `${n} / ${total}`,
  show: 'Show',
  showAll: 'All texts',
  showUntranslated: (language) => `Untranslated: ${language}`,
  shownCount: (n, total) => `Showing ${n} of ${total} texts.`,
  noneUntranslated: 'Every text is translated into this language.',
  textCol: 'Text',
  cellLabel: (language, key) => `${language}: ${key}`,
  addLanguage: 'Add a language',
  languageCode: 'Language code (ISO 639, e.g. ar, so, uk)',
  surveyTitleIn: "The survey's name in this language",
  add: 'Add the language',
  badCode: 'A language code is 2–3 lower-case letters (ISO 639), e.g. ar; a refinement after a hyphen, e.g. fi-selko.',
  codeExists: 'The survey has this language already.',
  titleNeeded: "Write the survey's name in this language: it is the language's first translation.",
  languageAdded: (language) => `Language ${language} added.`,
  xlsx: "The translator's file (XLSX)",
  xlsxIntro: 'Download the texts as an Excel file for a translator: the key, context and Finnish columns are locked, the language columns are filled in. Upload the filled file: if a single row is wrong (an unknown key, a Finnish text changed since the file was made), nothing is applied.',
  download: 'Download the texts (XLSX)',
  file: 'File (the filled XLSX)',
  emptyErases: 'An empty cell removes the translation (otherwise an empty cell leaves the current translation as it is)',
  upload: 'Import translations',
  uploading: 'Importing…',
  chooseFile: 'Choose a file first.',
  imported: (counts) => `Translations imported: ${counts}.`,
  nothingChanged: 'The file had no changes to the draft.',
  importFailed: 'The file was not imported, and the draft was not changed:',
  draftChanged: 'The draft was saved elsewhere meanwhile. Reload the page, then import the file.',
};

const TEXTS: Record<Language, Texts> = { fi, sv, en };
export const translationTexts = (language: Language): Texts => TEXTS[language];

const PLAIN_FINNISH: Record<Language, string> = { fi: 'selkosuomi', sv: 'lättläst finska', en: 'plain Finnish' };

/** A survey language's name in the interface's language (`ar` → "arabia"), with its code. */
export function languageName(code: string, language: Language): string {
  if (code === 'fi-selko') return `${PLAIN_FINNISH[language]} (fi-selko)`;
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
