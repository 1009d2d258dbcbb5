// The checks (lint) tab's texts in fi, sv and en; the findings' own sentences come from the server in all three.
type Language = 'fi' | 'sv' | 'en';

const fi = {
  heading: 'Tarkistukset',
  intro: 'Asiat, jotka eivät estä julkaisua mutta jotka kannattaa korjata: kääntämättömät tekstit, kysymykset joihin kukaan ei pääse, sama arvo kahdella vaihtoehdolla, kuntakysymyksen koodit ja kysymykset, joiden merkitys muuttuu julkaistuun versioon verrattuna.',
  loading: 'Tarkistetaan…',
  recheck: 'Tarkista uudelleen',
  none: 'Ei huomautettavaa.',
  summary: (errors: number, warnings: number) => `${errors} ${errors === 1 ? 'virhe' : 'virhettä'}, ${warnings} ${warnings === 1 ? 'varoitus' : 'varoitusta'}.`,
  checkedRevision: (revision: number) => `Tarkistettu versio ${revision}.`,
  failed: 'Tarkistus epäonnistui:',
  severity: { error: 'Virhe', warning: 'Varoitus', info: 'Huomio' } as Record<string, string>,
  rules: { untranslated: 'Kääntämätön teksti', unreachable: 'Kysymykseen ei pääse', choice_reused: 'Sama arvo kahdesti', municipality_codes: 'Kuntakoodit', meaning_changed: 'Merkitys muuttuu' } as Record<string, string>,
  place: 'Paikka',
  page: (name: string) => `sivu ${name}`,
  goTo: (name: string) => `Siirry kysymykseen ${name}`,
  goToPage: (name: string) => `Siirry sivulle ${name}`,
  survey: 'koko kysely',
};
type Texts = typeof fi;

const sv: Texts = {
  heading: 'Kontroller',
  intro: 'Sådant som inte hindrar publicering men som är värt att rätta: oöversatta texter, frågor som ingen når, samma värde på två alternativ, kommunfrågans koder och frågor som ändrar betydelse jämfört med den publicerade versionen.',
  loading: 'Kontrollerar…',
  recheck: 'Kontrollera igen',
  none: 'Inget att anmärka.',
  summary: (errors: number, warnings: number) => `${errors} fel, ${warnings} ${warnings === 1 ? 'varning' : 'varningar'}.`,
  checkedRevision: (revision: number) => `Kontrollerad version ${revision}.`,
  failed: 'Kontrollen misslyckades:',
  severity: { error: 'Fel', warning: 'Varning', info: 'Obs' },
  rules: { untranslated: 'Oöversatt text', unreachable: 'Frågan nås inte', choice_reused: 'Samma värde två gånger', municipality_codes: 'Kommunkoder', meaning_changed: 'Betydelsen ändras' },
  place: 'Plats',
  page: (name: string) => `sidan ${name}`,
  goTo: (name: string) => `Gå till frågan ${name}`,
  goToPage: (name: string) => `Gå till sidan ${name}`,
  survey: 'hela enkäten',
};

const en: Texts = {
  heading: 'Checks',
  intro: 'What does not stop publishing but is worth fixing: untranslated texts, questions nobody can reach, one value on two choices, the municipality question’s codes, and questions whose meaning changes against the published version.',
  loading: 'Checking…',
  recheck: 'Check again',
  none: 'Nothing to report.',
  summary: (errors: number, warnings: number) => `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.`,
  checkedRevision: (revision: number) => `Checked revision ${revision}.`,
  failed: 'The check failed:',
  severity: { error: 'Error', warning: 'Warning', info: 'Note' },
  rules: { untranslated: 'Untranslated text', unreachable: 'Unreachable question', choice_reused: 'Value used twice', municipality_codes: 'Municipality codes', meaning_changed: 'Meaning changes' },
  place: 'Place',
  page: (name: string) => `page ${name}`,
  goTo: (name: string) => `Go to question ${name}`,
  goToPage: (name: string) => `Go to page ${name}`,
  survey: 'the whole survey',
};

const TEXTS: Record<Language, Texts> = { fi, sv, en };
export const checksTexts = (language: Language): Texts => TEXTS[language];
