// survey-core's own interface texts where its Finnish and Swedish read badly on Kuulo's forms (many
// are machine translations). Only the strings the forms use are reviewed (buttons, the dropdown,
// special choices, the checks the survey files ask for); the rest stay as shipped, each override
// costing the respondent's download.
// Kept in one place, applied once over survey-core's locales before any model is made.
import { surveyLocalization } from 'survey-core';
import 'survey-core/i18n/finnish';
import 'survey-core/i18n/swedish';
// Arabic registers itself with `rtl: true`: survey-react-ui then writes dir="rtl" on the form.
import 'survey-core/i18n/arabic';

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

const SV: Overrides = {
  // "Slutför" (finish) does not say the answers leave: the last button sends them.
  completeText: 'Skicka',
  // "Utvald" means "selected (as the best)"; the dropdown's button chooses.
  selectCaption: 'Välj',
  // "Klar" means "done"; the button clears the answer.
  clearCaption: 'Rensa',
  requiredError: 'Svara på den här frågan.',
  // "Vägra svara" (refuse to answer) sounds hostile.
  refuseItemText: 'Vill inte svara',
  // "Färre än {0}" is one less than the limit, which is inclusive; "var vänlig" is stilted.
  textMaxLength: 'Skriv högst {0} tecken.',
  minSelectError: 'Välj minst {0} alternativ.',
  maxSelectError: 'Välj högst {0} alternativ.',
  invalidEmail: 'Skriv e-postadressen i formen namn@exempel.fi.',
  otherRequiredError: 'Skriv ditt svar i textfältet.',
};

const EN: Overrides = {
  // The last button sends the answers; "Complete" leaves that unsaid.
  completeText: 'Send',
};

// Modern Standard Arabic over survey-core's shipped strings, several of which are machine
// translations or were stored in reversed word order. Awaits review by a professional translator.
const AR: Overrides = {
  // "إرسال البيانات" (send the data) reads as a technical action; the button sends the answers.
  completeText: 'إرسال',
  // "اختار" is the past tense ("he chose"); a button asks: "اختر" (choose).
  selectCaption: 'اختر',
  placeholder: 'اختر…',
  ratingOptionsCaption: 'اختر…',
  // "واضح" means "evident"; the button clears the answer.
  clearCaption: 'مسح',
  // Shipped with the full stop first and the words in reversed order.
  requiredError: 'يُرجى الإجابة عن هذا السؤال.',
  progressText: 'الصفحة {0} من {1}',
  // "نص آخر" (another text) is not a choice; "رفض الإجابة" (refusal to answer) sounds hostile.
  otherItemText: 'أخرى',
  refuseItemText: 'أفضّل عدم الإجابة',
  dontKnowItemText: 'لا أعرف',
  // "أقل من" (fewer than) is one below the limit, which is inclusive; "المتغيرات" means "the variables".
  textMaxLength: 'اكتب {0} حرفًا على الأكثر.',
  textMinLength: 'اكتب {0} حرفًا على الأقل.',
  minSelectError: 'اختر ما لا يقل عن {0} من الخيارات.',
  maxSelectError: 'اختر ما لا يزيد على {0} من الخيارات.',
  invalidEmail: 'اكتب عنوان البريد الإلكتروني بالشكل name@example.fi.',
  otherRequiredError: 'اكتب إجابتك في حقل النص.',
};

/** Each locale's overrides over survey-core's strings, exported for the tests that read them back. */
export const SURVEY_STRING_OVERRIDES: Readonly<Record<'fi' | 'sv' | 'en' | 'ar', Overrides>> = { fi: FI, sv: SV, en: EN, ar: AR };

for (const [locale, overrides] of Object.entries(SURVEY_STRING_OVERRIDES)) {
  Object.assign(surveyLocalization.locales[locale] as Overrides, overrides);
}
