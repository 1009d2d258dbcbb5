// The preview tab's texts and the preview page's own lines (fi, sv, en), kept out of the workspace's i18n.tsx.
type Language = 'fi' | 'sv' | 'en';

const fi = {
  heading: 'Esikatselu',
  intro: 'Vastaajan sivu sellaisena kuin asukkaat sen näkevät, tallentamattomat muutokset mukaan lukien. Lähetetty vastaus on testivastaus: palvelin tarkistaa sen kuten oikean vastauksen, mutta sitä ei tallenneta.',
  width: 'Leveys',
  phone: 'Puhelin (375 px)',
  desktop: 'Tietokone (1440 px)',
  language: 'Kieli',
  formChecks: 'Lomakkeen omat tarkistukset päällä',
  formChecksHelp: 'Kun tarkistukset ovat pois, lomake lähtee puutteineen ja näet, mitä palvelin hylkää.',
  frameTitle: (width: string) => `Vastaajan sivun esikatselu, ${width}`,
  loading: 'Ladataan esikatselua…',
  sending: 'Tarkistetaan testivastausta…',
  verdictHeading: 'Testivastauksen tulos',
  accepted: (rows: number) => `Hyväksytty: palvelin ottaisi tämän vastauksen vastaan (${rows} vastausriviä). Testivastausta ei tallennettu.`,
  refused: 'Hylätty: palvelin ei ottaisi tätä vastausta vastaan. Testivastausta ei tallennettu.',
  failed: 'Testivastausta ei voitu tarkistaa:',
  again: 'Vastaa uudelleen tyhjästä',
  correct: 'Palaa vastauksiin',
  sentInFrame: 'Testivastaus lähetettiin tarkistettavaksi. Tulos näkyy esikatselun yläpuolella.',
  problems: {
    unknown_question: 'kysymystä ei ole lomakkeella',
    wrong_type: 'vastaus on väärää muotoa',
    not_a_choice: 'vastaus ei ole mikään vaihtoehdoista',
    required: 'vastaus puuttuu',
    too_few_choices: 'liian vähän valintoja',
    too_many_choices: 'liian monta valintaa',
    out_of_range: 'arvo ei ole sallituissa rajoissa',
    too_long: 'vastaus on liian pitkä',
    hidden_question: 'kysymys on piilossa näillä vastauksilla, joten sen vastausta ei oteta',
    invalid_value: 'vastaus ei läpäise tarkistusta',
  } as Record<string, string>,
  otherProblem: 'tarkista vastaus',
};

type Texts = typeof fi;

const sv: Texts = {
  heading: 'Förhandsvisning',
  intro: 'Svarssidan så som invånarna ser den, med ändringar som inte sparats. Ett skickat svar är ett testsvar: servern kontrollerar det som ett riktigt svar men sparar det inte.',
  width: 'Bredd',
  phone: 'Telefon (375 px)',
  desktop: 'Dator (1440 px)',
  language: 'Språk',
  formChecks: 'Formulärets egna kontroller på',
  formChecksHelp: 'Utan kontrollerna skickas formuläret med brister och du ser vad servern avvisar.',
  frameTitle: (width: string) => `Förhandsvisning av svarssidan, ${width}`,
  loading: 'Förhandsvisningen laddas…',
  sending: 'Testsvaret kontrolleras…',
  verdictHeading: 'Testsvarets resultat',
  accepted: (rows: number) => `Godkänt: servern skulle ta emot svaret (${rows} svarsrader). Testsvaret sparades inte.`,
  refused: 'Avvisat: servern skulle inte ta emot svaret. Testsvaret sparades inte.',
  failed: 'Testsvaret kunde inte kontrolleras:',
  again: 'Svara på nytt från början',
  correct: 'Tillbaka till svaren',
  sentInFrame: 'Testsvaret skickades för kontroll. Resultatet visas ovanför förhandsvisningen.',
  problems: {
    unknown_question: 'frågan finns inte i formuläret',
    wrong_type: 'svaret har fel form',
    not_a_choice: 'svaret är inget av alternativen',
    required: 'svar saknas',
    too_few_choices: 'för få val',
    too_many_choices: 'för många val',
    out_of_range: 'värdet ligger utanför tillåtna gränser',
    too_long: 'svaret är för långt',
    hidden_question: 'frågan är dold med dessa svar, så dess svar tas inte emot',
    invalid_value: 'svaret klarar inte kontrollen',
  },
  otherProblem: 'kontrollera svaret',
};

const en: Texts = {
  heading: 'Preview',
  intro: 'The respondent page as residents see it, unsaved changes included. A sent answer is a test answer: the server judges it as a real one, but it is not stored.',
  width: 'Width',
  phone: 'Phone (375 px)',
  desktop: 'Desktop (1440 px)',
  language: 'Language',
  formChecks: "The form's own checks on",
  formChecksHelp: 'With the checks off the form sends with its gaps, and you see what the server refuses.',
  frameTitle: (width: string) => `Preview of the respondent page, ${width}`,
  loading: 'Loading the preview…',
  sending: 'Checking the test answer…',
  verdictHeading: 'The test answer',
  accepted: (rows: number) => `Accepted: the server would take this answer (${rows} answer rows). The test answer was not stored.`,
  refused: 'Refused: the server would not take this answer. The test answer was not stored.',
  failed: 'The test answer could not be checked:',
  again: 'Answer again from the start',
  correct: 'Back to the answers',
  sentInFrame: 'The test answer was sent to be checked. The result is shown above the preview.',
  problems: {
    unknown_question: 'the question is not on the form',
    wrong_type: 'the answer has the wrong form',
    not_a_choice: 'the answer is none of the choices',
    required: 'an answer is missing',
    too_few_choices: 'too few choices',
    too_many_choices: 'too many choices',
    out_of_range: 'the value is out of range',
    too_long: 'the answer is too long',
    hidden_question: 'the question is hidden with these answers, so its answer is not taken',
    invalid_value: 'the answer does not pass its check',
  },
  otherProblem: 'please check the answer',
};

const TEXTS: Record<Language, Texts> = { fi, sv, en };
/** The texts in a language; plain Finnish and the languages without texts of their own read Finnish or English. */
export function previewTexts(language: string): Texts {
  return language === 'sv' || language === 'en' ? TEXTS[language] : language === 'fi' || language === 'fi-selko' ? fi : en;
}
