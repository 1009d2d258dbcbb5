// The page's own texts (the survey's texts come from its definition) and the chosen language.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { readJson, writeJson } from '../common/storage.ts';

/** Plain Finnish (selkosuomi): the surveys' own locale code for it. */
export const PLAIN_FINNISH = 'fi-selko';
/**
 * The languages the respondent's pages speak, in the language menu's order: each with its name in
 * itself, its `lang` for screen readers and its writing direction. A survey offers those of them its
 * texts have (`languagesOf`). Adding a language (Somali, Russian, Ukrainian…) means a row here, its
 * interface texts in `STRINGS` below (and in rights/texts.ts and the privacy notice's headings, which
 * the compiler asks for), survey-core's own strings for it in survey/strings.ts, and the survey's texts.
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
export const LANGUAGES = Object.keys(LANGUAGE_TABLE) as readonly Language[];

/** Each language's name in itself, as the switch shows it. */
export const LANGUAGE_NAMES = Object.fromEntries(LANGUAGES.map((l) => [l, LANGUAGE_TABLE[l].name])) as Record<Language, string>;

/** The value of `<html lang>` and of `lang` attributes: plain Finnish is Finnish to a screen reader. */
export const htmlLang = (language: Language): string => LANGUAGE_TABLE[language].lang;

/** The writing direction: `rtl` for Arabic, whose pages are mirrored. */
export const textDirection = (language: Language): 'ltr' | 'rtl' => LANGUAGE_TABLE[language].dir;

const fi = {
  skipToContent: 'Siirry sisältöön',
  siteName: 'Kuulo',
  siteTagline: 'Pohjois-Pohjanmaan hyvinvointialueen kyselyt',
  languageNav: 'Kieli',
  footerNav: 'Sivuston tiedot',
  accessibility: 'Saavutettavuusseloste',
  frontPage: 'Avoimet kyselyt',
  loading: 'Ladataan…',
  openSurveys: 'Avoimet kyselyt',
  noOpenSurveys: 'Juuri nyt ei ole avoimia kyselyjä.',
  listIntro: 'Valitse kysely, johon haluat vastata. Vastaat nimettömänä.',
  // When some survey of the list asks for a name or contact details, the list promises no anonymity and says which.
  listIntroIdentifying: 'Valitse kysely, johon haluat vastata.',
  listAsksIdentity: 'Kysyy nimeäsi tai yhteystietojasi',
  loadFailed: 'Sivun tietoja ei saatu ladattua. Tarkista verkkoyhteys ja lataa sivu uudelleen.',
  tryAgain: 'Yritä uudelleen',
  surveyNotFound: 'Kyselyä ei löytynyt. Tarkista osoite.',
  surveyNotFoundTitle: 'Kyselyä ei löytynyt',
  surveyNotOpen: 'Tähän kyselyyn ei voi nyt vastata.',
  surveyClosed: 'Kysely on sulkeutunut.',
  surveyNotYetOpen: 'Kysely ei ole vielä avautunut.',
  controller: 'Rekisterinpitäjä',
  purpose: 'Tarkoitus',
  privacyNotice: 'Tietosuojaseloste',
  answersKept: 'Vastauksesi tallentuvat tähän selaimeen, kunnes lähetät ne.',
  restored: 'Jatkat siitä, mihin jäit. Aiemmat vastauksesi on palautettu.',
  sending: 'Lähetetään vastaustasi…',
  waitingTitle: 'Vastauksesi odottaa lähetystä',
  waitingBody:
    'Yhteys palvelimeen ei juuri nyt toimi. Vastauksesi ei ole kadonnut: se on tallessa tässä selaimessa ja lähetetään automaattisesti, kun yhteys toimii. Voit myös sulkea sivun; vastaus lähetetään, kun avaat Kuulon uudelleen.',
  nextAttempt: (seconds: number) => `Seuraava yritys ${seconds} sekunnin kuluttua.`,
  sendNow: 'Yritä nyt',
  retrying: 'Yritetään uudelleen…',
  rejectedTitle: 'Vastausta ei voitu ottaa vastaan',
  invalidAnswers: 'Tarkista nämä vastaukset ja lähetä uudelleen:',
  backToAnswers: 'Palaa vastauksiin',
  thanksTitle: 'Kiitos vastauksestasi!',
  thanksBody: 'Vastauksesi on tallennettu. Vastasit nimettömänä.',
  thanksBodyIdentified: 'Vastauksesi on tallennettu. Annoit nimesi tai yhteystietosi, joten vastauksesi ei ole nimetön: ne tallentuivat vastauksen mukana.',
  pageProgress: (page: number, of: number) => `Sivu ${page} / ${of}`,
  receiptCode: 'Kuittauskoodi',
  receiptHelp: 'Koodista näet, että vastauksesi on perillä. Sitä ei tarvitse tallentaa.',
  pendingDelivered: (title: string, code: string) => `Aiemmin lähettämäsi vastaus kyselyyn ${title} on nyt perillä (kuittauskoodi ${code}).`,
  pendingWaiting: (title: string) => `Vastauksesi kyselyyn ${title} odottaa vielä lähetystä. Yritämme automaattisesti uudelleen.`,
  problem: {
    required: 'vastaus puuttuu',
    too_few_choices: 'valitse useampi vaihtoehto',
    too_many_choices: 'valitse vähemmän vaihtoehtoja',
    too_long: 'vastaus on liian pitkä',
    out_of_range: 'arvo ei ole sallituissa rajoissa',
    other: 'tarkista vastaus',
  } as Record<string, string>,
  // distribution: links, lifecycle, save and resume
  linkNotFound: 'Linkkiä ei löytynyt. Tarkista osoite.',
  linkClosedTitle: 'Linkki on suljettu',
  linkClosedBody: 'Tämän linkin kautta ei voi enää vastata. Kiitos kiinnostuksestasi!',
  invitationUsedTitle: 'Tämä kutsu on jo käytetty',
  invitationUsedBody: 'Kutsulinkillä voi vastata kerran, ja siihen on jo vastattu. Kiitos!',
  surveyClosedTitle: 'Kysely on sulkeutunut',
  surveyClosedBody: 'Kyselyyn ei voi enää vastata. Kiitos kiinnostuksestasi!',
  surveyFullTitle: 'Kysely on saanut tarpeeksi vastauksia',
  surveyFullBody: 'Kysely ei ota enempää vastauksia vastaan. Kiitos kiinnostuksestasi!',
  surveyNotYetOpenTitle: 'Kysely ei ole vielä avautunut',
  surveyOpensAt: (when: string) => `Kysely avautuu ${when}. Tervetuloa vastaamaan silloin!`,
  lateBody: 'Vastauksesi saapui kyselyn sulkeuduttua. Se on tallennettu ja merkitty myöhässä saapuneeksi.',
  acceptsLate: 'Kysely on sulkeutunut, mutta vastauksia otetaan vielä vastaan. Ne merkitään myöhässä saapuneiksi.',
  municipalityPreset: (name: string) => `Vastauksesi lasketaan kunnalle ${name}.`,
  rejection: {
    survey_closed: 'Kysely on sulkeutunut, eikä vastausta voitu enää ottaa vastaan.',
    survey_not_yet_open: 'Kysely ei ole vielä avautunut.',
    survey_full: 'Kysely on saanut tarpeeksi vastauksia, eikä ota enempää vastaan.',
    link_closed: 'Linkki, jonka kautta vastasit, on suljettu.',
    link_not_found: 'Linkkiä, jonka kautta vastasit, ei löytynyt.',
    invitation_used: 'Tähän kutsuun on jo vastattu. Kutsulinkillä voi vastata kerran.',
    municipality_mismatch: 'Vastauksen kunta ei vastaa linkin kuntaa.',
    link_wrong_survey: 'Linkki kuuluu toiseen kyselyyn.',
  } as Record<string, string>,
  saveForLater: 'Tallenna ja jatka myöhemmin',
  saveForLaterHelp: 'Vastauksiasi ei tallenneta palvelimelle, ellet paina tätä. Saat koodin ja linkin, joilla voit jatkaa myöhemmin myös toisella laitteella.',
  savingDraft: 'Tallennetaan…',
  draftSavedTitle: 'Keskeneräinen vastauksesi on tallennettu',
  resumeCode: 'Jatkamiskoodi',
  resumeLink: 'Jatkamislinkki',
  copyLink: 'Kopioi linkki',
  copied: 'Linkki kopioitu.',
  draftExpires: (when: string) => `Tallennus säilyy ${when} asti. Kuka tahansa koodin tai linkin saanut voi jatkaa vastaustasi, joten älä jaa sitä muille.`,
  draftSaveFailed: 'Tallentaminen ei onnistunut. Tarkista verkkoyhteys ja yritä uudelleen. Vastauksesi ovat yhä tallessa tässä selaimessa.',
  continueHere: 'Jatka vastaamista tällä laitteella',
  resumeTitle: 'Jatka tallennettua vastausta',
  resumeIntro: 'Kirjoita jatkamiskoodi, jonka sait tallentaessasi keskeneräisen vastauksesi.',
  resumeHint: 'Esimerkiksi ABCD-EFGH-JKLM',
  resumeContinue: 'Jatka',
  resumeInvalid: 'Koodissa on 12 kirjainta tai numeroa. Tarkista koodi.',
  draftNotFound: 'Koodilla ei löytynyt tallennettua vastausta. Tarkista koodi.',
  draftExpired: 'Tallennettu vastaus on vanhentunut ja poistettu. Voit aloittaa kyselyn alusta.',
  resumed: 'Jatkat tallentamastasi kohdasta. Aiemmat vastauksesi on palautettu.',
  startOver: 'Aloita kysely alusta',
  resumeNav: 'Jatka tallennettua vastausta',
  privacyTitle: (title: string) => `Tietosuojaseloste: ${title}`,
  privacyIntro:
    'Tässä kerrotaan, miten kyselyn vastauksia käsitellään. Vastaat nimettömänä: vastauksiin ei liitetä nimeäsi, yhteystietojasi eikä IP-osoitettasi.',
  privacyIntroIdentifying:
    'Tässä kerrotaan, miten kyselyn vastauksia käsitellään. Kysely kysyy nimeäsi tai yhteystietojasi: jos vastaat niihin, ne tallennetaan vastauksesi kanssa. IP-osoitettasi ei tallenneta.',
  privacyRights:
    'Koska vastaukset ovat nimettömiä, yksittäistä vastausta ei voi jälkikäteen yhdistää sinuun. Kysymyksiä tietosuojasta voit lähettää rekisterinpitäjän tietosuojavastaavalle.',
  backToSurvey: 'Takaisin kyselyyn',
  errorTitle: 'Jokin meni vikaan',
  errorBody: 'Sivua ei voitu näyttää. Lataa sivu uudelleen. Jo antamasi vastaukset ovat tallessa tässä selaimessa.',
};

export type Strings = typeof fi;

const sv: Strings = {
  skipToContent: 'Gå till innehållet',
  siteName: 'Kuulo',
  siteTagline: 'Norra Österbottens välfärdsområdes enkäter',
  languageNav: 'Språk',
  footerNav: 'Om webbplatsen',
  accessibility: 'Tillgänglighetsutlåtande',
  frontPage: 'Öppna enkäter',
  loading: 'Laddar…',
  openSurveys: 'Öppna enkäter',
  noOpenSurveys: 'Just nu finns det inga öppna enkäter.',
  listIntro: 'Välj den enkät du vill svara på. Du svarar anonymt.',
  listIntroIdentifying: 'Välj den enkät du vill svara på.',
  listAsksIdentity: 'Frågar efter ditt namn eller dina kontaktuppgifter',
  loadFailed: 'Sidans uppgifter kunde inte laddas. Kontrollera nätförbindelsen och ladda om sidan.',
  tryAgain: 'Försök igen',
  surveyNotFound: 'Enkäten hittades inte. Kontrollera adressen.',
  surveyNotFoundTitle: 'Enkäten hittades inte',
  surveyNotOpen: 'Det går inte att svara på enkäten just nu.',
  surveyClosed: 'Enkäten har stängts.',
  surveyNotYetOpen: 'Enkäten har inte öppnats ännu.',
  controller: 'Personuppgiftsansvarig',
  purpose: 'Ändamål',
  privacyNotice: 'Dataskyddsbeskrivning',
  answersKept: 'Dina svar sparas i den här webbläsaren tills du skickar dem.',
  restored: 'Du fortsätter där du slutade. Dina tidigare svar har återställts.',
  sending: 'Ditt svar skickas…',
  waitingTitle: 'Ditt svar väntar på att skickas',
  waitingBody:
    'Förbindelsen till servern fungerar inte just nu. Ditt svar har inte gått förlorat: det finns kvar i den här webbläsaren och skickas automatiskt när förbindelsen fungerar. Du kan också stänga sidan; svaret skickas när du öppnar Kuulo igen.',
  nextAttempt: (seconds: number) => `Nästa försök om ${seconds} sekunder.`,
  sendNow: 'Försök nu',
  retrying: 'Försöker igen…',
  rejectedTitle: 'Svaret kunde inte tas emot',
  invalidAnswers: 'Kontrollera de här svaren och skicka igen:',
  backToAnswers: 'Tillbaka till svaren',
  thanksTitle: 'Tack för ditt svar!',
  thanksBody: 'Ditt svar har sparats. Du svarade anonymt.',
  thanksBodyIdentified: 'Ditt svar har sparats. Du gav ditt namn eller dina kontaktuppgifter, så ditt svar är inte anonymt: de har sparats med svaret.',
  pageProgress: (page: number, of: number) => `Sida ${page} av ${of}`,
  receiptCode: 'Kvittokod',
  receiptHelp: 'Koden visar att ditt svar har kommit fram. Du behöver inte spara den.',
  pendingDelivered: (title: string, code: string) => `Ditt tidigare svar på enkäten ${title} har nu kommit fram (kvittokod ${code}).`,
  pendingWaiting: (title: string) => `Ditt svar på enkäten ${title} väntar ännu på att skickas. Vi försöker automatiskt igen.`,
  problem: {
    required: 'svar saknas',
    too_few_choices: 'välj fler alternativ',
    too_many_choices: 'välj färre alternativ',
    too_long: 'svaret är för långt',
    out_of_range: 'värdet ligger utanför tillåtna gränser',
    other: 'kontrollera svaret',
  },
  linkNotFound: 'Länken hittades inte. Kontrollera adressen.',
  linkClosedTitle: 'Länken har stängts',
  linkClosedBody: 'Det går inte längre att svara via den här länken. Tack för ditt intresse!',
  invitationUsedTitle: 'Den här inbjudan har redan använts',
  invitationUsedBody: 'Med en inbjudningslänk kan man svara en gång, och den har redan besvarats. Tack!',
  surveyClosedTitle: 'Enkäten har stängts',
  surveyClosedBody: 'Det går inte längre att svara på enkäten. Tack för ditt intresse!',
  surveyFullTitle: 'Enkäten har fått tillräckligt många svar',
  surveyFullBody: 'Enkäten tar inte emot fler svar. Tack för ditt intresse!',
  surveyNotYetOpenTitle: 'Enkäten har inte öppnats ännu',
  surveyOpensAt: (when: string) => `Enkäten öppnas ${when}. Välkommen att svara då!`,
  lateBody: 'Ditt svar kom efter att enkäten stängts. Det har sparats och markerats som sent inkommet.',
  acceptsLate: 'Enkäten har stängts, men svar tas ännu emot. De markeras som sent inkomna.',
  municipalityPreset: (name: string) => `Ditt svar räknas för kommunen ${name}.`,
  rejection: {
    survey_closed: 'Enkäten har stängts och svaret kunde inte längre tas emot.',
    survey_not_yet_open: 'Enkäten har inte öppnats ännu.',
    survey_full: 'Enkäten har fått tillräckligt många svar och tar inte emot fler.',
    link_closed: 'Länken du svarade via har stängts.',
    link_not_found: 'Länken du svarade via hittades inte.',
    invitation_used: 'Den här inbjudan har redan besvarats. Med en inbjudningslänk kan man svara en gång.',
    municipality_mismatch: 'Svarets kommun motsvarar inte länkens kommun.',
    link_wrong_survey: 'Länken hör till en annan enkät.',
  },
  saveForLater: 'Spara och fortsätt senare',
  saveForLaterHelp: 'Dina svar sparas inte på servern om du inte trycker här. Du får en kod och en länk med vilka du kan fortsätta senare, också på en annan enhet.',
  savingDraft: 'Sparar…',
  draftSavedTitle: 'Ditt ofärdiga svar har sparats',
  resumeCode: 'Fortsättningskod',
  resumeLink: 'Fortsättningslänk',
  copyLink: 'Kopiera länken',
  copied: 'Länken har kopierats.',
  draftExpires: (when: string) => `Det sparade svaret finns kvar till ${when}. Vem som helst som har koden eller länken kan fortsätta ditt svar, så dela den inte med andra.`,
  draftSaveFailed: 'Det gick inte att spara. Kontrollera nätförbindelsen och försök igen. Dina svar finns ännu kvar i den här webbläsaren.',
  continueHere: 'Fortsätt svara på den här enheten',
  resumeTitle: 'Fortsätt ett sparat svar',
  resumeIntro: 'Skriv fortsättningskoden som du fick när du sparade ditt ofärdiga svar.',
  resumeHint: 'Till exempel ABCD-EFGH-JKLM',
  resumeContinue: 'Fortsätt',
  resumeInvalid: 'Koden har 12 bokstäver eller siffror. Kontrollera koden.',
  draftNotFound: 'Inget sparat svar hittades med koden. Kontrollera koden.',
  draftExpired: 'Det sparade svaret har gått ut och raderats. Du kan börja enkäten från början.',
  resumed: 'Du fortsätter där du sparade. Dina tidigare svar har återställts.',
  startOver: 'Börja enkäten från början',
  resumeNav: 'Fortsätt ett sparat svar',
  privacyTitle: (title: string) => `Dataskyddsbeskrivning: ${title}`,
  privacyIntro:
    'Här beskrivs hur svaren på enkäten behandlas. Du svarar anonymt: ditt namn, dina kontaktuppgifter eller din IP-adress kopplas inte till svaren.',
  privacyIntroIdentifying:
    'Här beskrivs hur svaren på enkäten behandlas. Enkäten frågar efter ditt namn eller dina kontaktuppgifter: om du svarar på de frågorna sparas uppgifterna med ditt svar. Din IP-adress sparas inte.',
  privacyRights:
    'Eftersom svaren är anonyma kan ett enskilt svar inte i efterhand kopplas till dig. Frågor om dataskydd kan du skicka till den personuppgiftsansvariges dataskyddsombud.',
  backToSurvey: 'Tillbaka till enkäten',
  errorTitle: 'Något gick fel',
  errorBody: 'Sidan kunde inte visas. Ladda om sidan. De svar du redan gett finns kvar i den här webbläsaren.',
};

const en: Strings = {
  skipToContent: 'Skip to content',
  siteName: 'Kuulo',
  siteTagline: 'Surveys of the North Ostrobothnia Wellbeing Services County',
  languageNav: 'Language',
  footerNav: 'About this site',
  accessibility: 'Accessibility statement',
  frontPage: 'Open surveys',
  loading: 'Loading…',
  openSurveys: 'Open surveys',
  noOpenSurveys: 'There are no open surveys right now.',
  listIntro: 'Choose the survey you want to answer. You answer anonymously.',
  listIntroIdentifying: 'Choose the survey you want to answer.',
  listAsksIdentity: 'Asks for your name or contact details',
  loadFailed: 'The page could not be loaded. Check your connection and reload the page.',
  tryAgain: 'Try again',
  surveyNotFound: 'Survey not found. Please check the address.',
  surveyNotFoundTitle: 'Survey not found',
  surveyNotOpen: 'This survey cannot be answered right now.',
  surveyClosed: 'The survey has closed.',
  surveyNotYetOpen: 'The survey has not opened yet.',
  controller: 'Controller',
  purpose: 'Purpose',
  privacyNotice: 'Privacy notice',
  answersKept: 'Your answers are kept in this browser until you send them.',
  restored: 'You are continuing where you left off. Your earlier answers have been restored.',
  sending: 'Sending your answer…',
  waitingTitle: 'Your answer is waiting to be sent',
  waitingBody:
    'The connection to the server is not working right now. Your answer is not lost: it is kept in this browser and will be sent automatically when the connection works. You may also close the page; the answer will be sent when you open Kuulo again.',
  nextAttempt: (seconds: number) => `Next attempt in ${seconds} seconds.`,
  sendNow: 'Try now',
  retrying: 'Trying again…',
  rejectedTitle: 'Your answer could not be accepted',
  invalidAnswers: 'Please check these answers and send again:',
  backToAnswers: 'Back to your answers',
  thanksTitle: 'Thank you for your answer!',
  thanksBody: 'Your answer has been saved. You answered anonymously.',
  thanksBodyIdentified: 'Your answer has been saved. You gave your name or contact details, so your answer is not anonymous: they were saved with it.',
  pageProgress: (page: number, of: number) => `Page ${page} of ${of}`,
  receiptCode: 'Receipt code',
  receiptHelp: 'The code shows that your answer has arrived. You do not need to keep it.',
  pendingDelivered: (title: string, code: string) => `Your earlier answer to the survey ${title} has now arrived (receipt code ${code}).`,
  pendingWaiting: (title: string) => `Your answer to the survey ${title} is still waiting to be sent. We will try again automatically.`,
  problem: {
    required: 'an answer is missing',
    too_few_choices: 'choose more options',
    too_many_choices: 'choose fewer options',
    too_long: 'the answer is too long',
    out_of_range: 'the value is out of range',
    other: 'please check the answer',
  },
  linkNotFound: 'Link not found. Please check the address.',
  linkClosedTitle: 'This link has been closed',
  linkClosedBody: 'Answers can no longer be given through this link. Thank you for your interest!',
  invitationUsedTitle: 'This invitation has already been used',
  invitationUsedBody: 'An invitation link can be answered once, and this one has already been answered. Thank you!',
  surveyClosedTitle: 'The survey has closed',
  surveyClosedBody: 'The survey can no longer be answered. Thank you for your interest!',
  surveyFullTitle: 'The survey has received enough answers',
  surveyFullBody: 'The survey is not taking any more answers. Thank you for your interest!',
  surveyNotYetOpenTitle: 'The survey has not opened yet',
  surveyOpensAt: (when: string) => `The survey opens on ${when}. You are welcome to answer then!`,
  lateBody: 'Your answer arrived after the survey closed. It has been saved and marked as late.',
  acceptsLate: 'The survey has closed, but answers are still accepted. They are marked as late.',
  municipalityPreset: (name: string) => `Your answer is counted for the municipality of ${name}.`,
  rejection: {
    survey_closed: 'The survey has closed and the answer could no longer be accepted.',
    survey_not_yet_open: 'The survey has not opened yet.',
    survey_full: 'The survey has received enough answers and is not taking any more.',
    link_closed: 'The link you answered through has been closed.',
    link_not_found: 'The link you answered through was not found.',
    invitation_used: 'This invitation has already been answered. An invitation link can be answered once.',
    municipality_mismatch: "The answer's municipality does not match the link's municipality.",
    link_wrong_survey: 'The link belongs to another survey.',
  },
  saveForLater: 'Save and continue later',
  saveForLaterHelp: 'Your answers are not stored on the server unless you press this. You get a code and a link to continue later, also on another device.',
  savingDraft: 'Saving…',
  draftSavedTitle: 'Your unfinished answer has been saved',
  resumeCode: 'Resume code',
  resumeLink: 'Resume link',
  copyLink: 'Copy the link',
  copied: 'Link copied.',
  draftExpires: (when: string) => `The saved answer is kept until ${when}. Anyone with the code or the link can continue your answer, so do not share it.`,
  draftSaveFailed: 'Saving did not succeed. Check your connection and try again. Your answers are still kept in this browser.',
  continueHere: 'Continue answering on this device',
  resumeTitle: 'Continue a saved answer',
  resumeIntro: 'Type the resume code you got when you saved your unfinished answer.',
  resumeHint: 'For example ABCD-EFGH-JKLM',
  resumeContinue: 'Continue',
  resumeInvalid: 'The code has 12 letters or digits. Please check the code.',
  draftNotFound: 'No saved answer was found with this code. Please check the code.',
  draftExpired: 'The saved answer has expired and been deleted. You can start the survey from the beginning.',
  resumed: 'You are continuing where you saved. Your earlier answers have been restored.',
  startOver: 'Start the survey from the beginning',
  resumeNav: 'Continue a saved answer',
  privacyTitle: (title: string) => `Privacy notice: ${title}`,
  privacyIntro:
    'This page tells how the answers to the survey are processed. You answer anonymously: your name, contact details or IP address are not attached to the answers.',
  privacyIntroIdentifying:
    'This page tells how the answers to the survey are processed. The survey asks for your name or contact details: if you answer those questions, they are saved with your answer. Your IP address is not saved.',
  privacyRights:
    "As the answers are anonymous, a single answer cannot later be linked to you. Questions about data protection can be sent to the controller's data protection officer.",
  backToSurvey: 'Back to the survey',
  errorTitle: 'Something went wrong',
  errorBody: 'The page could not be shown. Please reload the page. The answers you have given are kept in this browser.',
};

const plainFinnish: Strings = {
  ...fi,
  listIntro: 'Valitse kysely. Et kerro nimeäsi.',
  listIntroIdentifying: 'Valitse kysely.',
  listAsksIdentity: 'Kysyy nimeäsi tai yhteystietojasi',
  answersKept: 'Vastauksesi pysyvät tässä selaimessa, kunnes lähetät ne.',
  restored: 'Voit jatkaa. Aiemmat vastauksesi ovat tallessa.',
  waitingBody:
    'Vastausta ei voi lähettää juuri nyt, koska yhteys ei toimi. Vastauksesi on tallessa. Se lähtee itsestään, kun yhteys toimii. Voit sulkea sivun. Vastaus lähtee, kun avaat Kuulon uudelleen.',
  thanksBody: 'Vastauksesi on tallessa. Et kertonut nimeäsi.',
  thanksBodyIdentified: 'Vastauksesi on tallessa. Kerroit nimesi tai yhteystietosi. Ne ovat tallessa vastauksesi kanssa.',
  receiptHelp: 'Koodi kertoo, että vastauksesi tuli perille. Sitä ei tarvitse muistaa.',
  privacyIntro: 'Tässä kerrotaan, mitä teemme vastauksillasi. Et kerro nimeäsi. Emme tallenna nimeäsi, yhteystietojasi emmekä tietokoneesi osoitetta.',
  privacyIntroIdentifying: 'Tässä kerrotaan, mitä teemme vastauksillasi. Kysely kysyy nimeäsi tai yhteystietojasi. Jos kerrot ne, ne tallentuvat vastauksesi kanssa. Emme tallenna tietokoneesi osoitetta.',
};

// Modern Standard Arabic. Awaits review by a professional translator (see the README's "Languages").
const ar: Strings = {
  skipToContent: 'انتقل إلى المحتوى',
  siteName: 'Kuulo',
  siteTagline: 'استبيانات منطقة خدمات الرفاه في شمال بوهيانما',
  languageNav: 'اللغة',
  footerNav: 'معلومات عن الموقع',
  accessibility: 'بيان إمكانية الوصول',
  frontPage: 'الاستبيانات المتاحة',
  loading: 'جارٍ التحميل…',
  openSurveys: 'الاستبيانات المتاحة',
  noOpenSurveys: 'لا توجد استبيانات متاحة حاليًا.',
  listIntro: 'اختر الاستبيان الذي تريد الإجابة عنه. إجابتك مجهولة الهوية.',
  listIntroIdentifying: 'اختر الاستبيان الذي تريد الإجابة عنه.',
  listAsksIdentity: 'يطلب اسمك أو بيانات الاتصال بك',
  loadFailed: 'تعذّر تحميل الصفحة. تحقّق من اتصالك بالإنترنت وأعد تحميل الصفحة.',
  tryAgain: 'حاول مرة أخرى',
  surveyNotFound: 'لم يُعثر على الاستبيان. تحقّق من العنوان.',
  surveyNotFoundTitle: 'لم يُعثر على الاستبيان',
  surveyNotOpen: 'لا يمكن الإجابة عن هذا الاستبيان الآن.',
  surveyClosed: 'أُغلق الاستبيان.',
  surveyNotYetOpen: 'لم يُفتح الاستبيان بعد.',
  controller: 'المسؤول عن البيانات',
  purpose: 'الغرض',
  privacyNotice: 'إشعار الخصوصية',
  answersKept: 'تُحفظ إجاباتك في هذا المتصفح إلى أن ترسلها.',
  restored: 'أنت تتابع من حيث توقفت. استُعيدت إجاباتك السابقة.',
  sending: 'جارٍ إرسال إجابتك…',
  waitingTitle: 'إجابتك في انتظار الإرسال',
  waitingBody:
    'الاتصال بالخادم لا يعمل الآن. إجابتك لم تضِع: فهي محفوظة في هذا المتصفح وستُرسل تلقائيًا عندما يعود الاتصال. يمكنك أيضًا إغلاق الصفحة؛ وستُرسل الإجابة عندما تفتح Kuulo مرة أخرى.',
  nextAttempt: (seconds: number) => `المحاولة التالية بعد ${seconds} ثانية.`,
  sendNow: 'حاول الآن',
  retrying: 'جارٍ إعادة المحاولة…',
  rejectedTitle: 'تعذّر قبول إجابتك',
  invalidAnswers: 'يُرجى مراجعة هذه الإجابات ثم الإرسال مرة أخرى:',
  backToAnswers: 'العودة إلى إجاباتك',
  thanksTitle: 'شكرًا لك على إجابتك!',
  thanksBody: 'حُفظت إجابتك. أجبت دون الكشف عن هويتك.',
  thanksBodyIdentified: 'حُفظت إجابتك. لقد ذكرت اسمك أو بيانات الاتصال بك، لذا فإجابتك ليست مجهولة الهوية: فقد حُفظت هذه البيانات معها.',
  pageProgress: (page: number, of: number) => `الصفحة ${page} من ${of}`,
  receiptCode: 'رمز الاستلام',
  receiptHelp: 'يبيّن هذا الرمز أن إجابتك وصلت. لا حاجة إلى الاحتفاظ به.',
  pendingDelivered: (title: string, code: string) => `وصلت الآن إجابتك السابقة عن الاستبيان \u2068${title}\u2069 (رمز الاستلام \u2066${code}\u2069).`,
  pendingWaiting: (title: string) => `لا تزال إجابتك عن الاستبيان \u2068${title}\u2069 في انتظار الإرسال. سنعيد المحاولة تلقائيًا.`,
  problem: {
    required: 'الإجابة ناقصة',
    too_few_choices: 'اختر خيارات أكثر',
    too_many_choices: 'اختر خيارات أقل',
    too_long: 'الإجابة طويلة جدًا',
    out_of_range: 'القيمة خارج الحدود المسموح بها',
    other: 'يُرجى مراجعة الإجابة',
  },
  linkNotFound: 'لم يُعثر على الرابط. تحقّق من العنوان.',
  linkClosedTitle: 'أُغلق هذا الرابط',
  linkClosedBody: 'لم يعد بالإمكان الإجابة عبر هذا الرابط. شكرًا لاهتمامك!',
  invitationUsedTitle: 'استُخدمت هذه الدعوة من قبل',
  invitationUsedBody: 'يمكن الإجابة عبر رابط الدعوة مرة واحدة فقط، وقد أُجيب عنه من قبل. شكرًا لك!',
  surveyClosedTitle: 'أُغلق الاستبيان',
  surveyClosedBody: 'لم يعد بالإمكان الإجابة عن الاستبيان. شكرًا لاهتمامك!',
  surveyFullTitle: 'تلقّى الاستبيان ما يكفي من الإجابات',
  surveyFullBody: 'لم يعد الاستبيان يقبل مزيدًا من الإجابات. شكرًا لاهتمامك!',
  surveyNotYetOpenTitle: 'لم يُفتح الاستبيان بعد',
  surveyOpensAt: (when: string) => `يُفتح الاستبيان في \u2068${when}\u2069. نرحّب بإجابتك حينها!`,
  lateBody: 'وصلت إجابتك بعد إغلاق الاستبيان. لقد حُفظت ووُسمت بأنها متأخرة.',
  acceptsLate: 'أُغلق الاستبيان، لكن الإجابات لا تزال تُقبل، وتُوسم بأنها متأخرة.',
  municipalityPreset: (name: string) => `تُحتسب إجابتك لبلدية \u2066${name}\u2069.`,
  rejection: {
    survey_closed: 'أُغلق الاستبيان ولم يعد بالإمكان قبول الإجابة.',
    survey_not_yet_open: 'لم يُفتح الاستبيان بعد.',
    survey_full: 'تلقّى الاستبيان ما يكفي من الإجابات ولم يعد يقبل المزيد.',
    link_closed: 'أُغلق الرابط الذي أجبت عبره.',
    link_not_found: 'لم يُعثر على الرابط الذي أجبت عبره.',
    invitation_used: 'أُجيب عن هذه الدعوة من قبل. يمكن الإجابة عبر رابط الدعوة مرة واحدة فقط.',
    municipality_mismatch: 'بلدية الإجابة لا تطابق بلدية الرابط.',
    link_wrong_survey: 'الرابط يخص استبيانًا آخر.',
  },
  saveForLater: 'احفظ وتابع لاحقًا',
  saveForLaterHelp: 'لا تُحفظ إجاباتك على الخادم ما لم تضغط هنا. ستحصل على رمز ورابط لتتابع لاحقًا، ولو على جهاز آخر.',
  savingDraft: 'جارٍ الحفظ…',
  draftSavedTitle: 'حُفظت إجابتك غير المكتملة',
  resumeCode: 'رمز المتابعة',
  resumeLink: 'رابط المتابعة',
  copyLink: 'انسخ الرابط',
  copied: 'نُسخ الرابط.',
  draftExpires: (when: string) => `تبقى الإجابة المحفوظة حتى \u2068${when}\u2069. يستطيع أي شخص لديه الرمز أو الرابط متابعة إجابتك، فلا تشاركه مع غيرك.`,
  draftSaveFailed: 'لم ينجح الحفظ. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى. لا تزال إجاباتك محفوظة في هذا المتصفح.',
  continueHere: 'تابع الإجابة على هذا الجهاز',
  resumeTitle: 'متابعة إجابة محفوظة',
  resumeIntro: 'اكتب رمز المتابعة الذي حصلت عليه عندما حفظت إجابتك غير المكتملة.',
  resumeHint: 'مثال: \u2066ABCD-EFGH-JKLM\u2069',
  resumeContinue: 'متابعة',
  resumeInvalid: 'يتكوّن الرمز من 12 حرفًا أو رقمًا. تحقّق من الرمز.',
  draftNotFound: 'لم يُعثر على إجابة محفوظة بهذا الرمز. تحقّق من الرمز.',
  draftExpired: 'انتهت صلاحية الإجابة المحفوظة وحُذفت. يمكنك بدء الاستبيان من البداية.',
  resumed: 'أنت تتابع من حيث حفظت. استُعيدت إجاباتك السابقة.',
  startOver: 'ابدأ الاستبيان من البداية',
  resumeNav: 'متابعة إجابة محفوظة',
  privacyTitle: (title: string) => `إشعار الخصوصية: \u2068${title}\u2069`,
  privacyIntro:
    'توضّح هذه الصفحة كيف تُعالَج الإجابات عن الاستبيان. إجابتك مجهولة الهوية: لا يُربط بالإجابات اسمك ولا بيانات الاتصال بك ولا عنوان IP الخاص بك.',
  privacyIntroIdentifying:
    'توضّح هذه الصفحة كيف تُعالَج الإجابات عن الاستبيان. يطلب الاستبيان اسمك أو بيانات الاتصال بك: إذا أجبت عن هذه الأسئلة فستُحفظ مع إجابتك. لا يُحفظ عنوان IP الخاص بك.',
  privacyRights:
    'بما أن الإجابات مجهولة الهوية، لا يمكن لاحقًا ربط إجابة بعينها بك. يمكنك إرسال أسئلتك عن حماية البيانات إلى مسؤول حماية البيانات لدى الجهة المسؤولة عن البيانات.',
  backToSurvey: 'العودة إلى الاستبيان',
  errorTitle: 'حدث خطأ ما',
  errorBody: 'تعذّر عرض الصفحة. أعد تحميل الصفحة. الإجابات التي قدّمتها محفوظة في هذا المتصفح.',
};

/** Every language's texts, for the browser tests that read what the page must say. */
export const STRINGS: Record<Language, Strings> = { fi, sv, en, [PLAIN_FINNISH]: plainFinnish, ar };

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
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    writeJson('language', next);
    const url = new URL(window.location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', next);
      window.history.replaceState(window.history.state, '', url);
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = htmlLang(language);
    // The whole page mirrors for a right-to-left language: the CSS uses logical properties
    // (margin-inline-start…), and survey-react-ui puts the locale's `dir` on the form as well.
    document.documentElement.dir = textDirection(language);
  }, [language]);
  const value = useMemo<LanguageState>(() => ({ language, t: STRINGS[language], setLanguage }), [language, setLanguage]);
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
