import { useEffect, useState } from 'react';
import { ApiProblem, getSurvey, type SurveyDetailT } from '../../common/api.ts';
import { languagesOf, localized, useLanguage, type Language } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';
import { RIGHTS_TEXTS } from '../rights/texts.ts';

type NoticePart = keyof Omit<NonNullable<SurveyDetailT['privacy']>, 'noticeUrl'>;

/**
 * The parts of the notice in the order GDPR articles 13 and 14 list them, with their headings. The
 * texts are the survey file's (server/surveys/envelope.ts checks that each is there in every
 * language of the survey before it can open); only the headings are the page's own.
 */
const PARTS: readonly NoticePart[] = ['controller', 'controllerContact', 'dataProtectionOfficer', 'purpose', 'legalBasis', 'dataCategories', 'recipients', 'retention', 'rights', 'complaint'];

type Headings = Record<NoticePart, string> & { incomplete: string };

// Every language of the respondent's pages; plain Finnish in short everyday words (selkosuomi).
const HEADINGS: Record<Language, Headings> = {
  fi: {
    controller: 'Rekisterinpitäjä',
    controllerContact: 'Rekisterinpitäjän yhteystiedot',
    dataProtectionOfficer: 'Tietosuojavastaava',
    purpose: 'Käsittelyn tarkoitus',
    legalBasis: 'Käsittelyn oikeusperuste',
    dataCategories: 'Käsiteltävät tiedot',
    recipients: 'Tietojen vastaanottajat',
    retention: 'Säilytysaika',
    rights: 'Oikeutesi ja niiden käyttäminen',
    complaint: 'Oikeus valittaa tietosuojavaltuutetulle',
    incomplete: 'Tästä tietosuojaselosteesta puuttuu tietoja, joten kyselyä ei voi vielä avata vastauksille.',
  },
  sv: {
    controller: 'Personuppgiftsansvarig',
    controllerContact: 'Den personuppgiftsansvariges kontaktuppgifter',
    dataProtectionOfficer: 'Dataskyddsombud',
    purpose: 'Ändamålet med behandlingen',
    legalBasis: 'Rättslig grund för behandlingen',
    dataCategories: 'Uppgifter som behandlas',
    recipients: 'Mottagare av uppgifterna',
    retention: 'Lagringstid',
    rights: 'Dina rättigheter och hur du använder dem',
    complaint: 'Rätt att klaga hos dataombudsmannen',
    incomplete: 'Den här dataskyddsbeskrivningen saknar uppgifter, så enkäten kan inte öppnas för svar ännu.',
  },
  en: {
    controller: 'Controller',
    controllerContact: "Controller's contact details",
    dataProtectionOfficer: 'Data protection officer',
    purpose: 'Purpose of the processing',
    legalBasis: 'Legal basis of the processing',
    dataCategories: 'Data processed',
    recipients: 'Recipients of the data',
    retention: 'How long the data are kept',
    rights: 'Your rights and how to use them',
    complaint: 'Right to complain to the Data Protection Ombudsman',
    incomplete: 'This privacy notice is incomplete, so the survey cannot be opened for answers yet.',
  },
  'fi-selko': {
    controller: 'Kuka vastaa tiedoista',
    controllerContact: 'Yhteystiedot',
    dataProtectionOfficer: 'Tietosuojavastaava',
    purpose: 'Miksi keräämme tietoja',
    legalBasis: 'Miksi saamme kerätä tietoja',
    dataCategories: 'Mitä tietoja keräämme',
    recipients: 'Kuka näkee tiedot',
    retention: 'Kuinka kauan säilytämme tietoja',
    rights: 'Sinun oikeutesi',
    complaint: 'Voit valittaa',
    incomplete: 'Tästä selosteesta puuttuu tietoja. Siksi kysely ei ole vielä auki.',
  },
  // Modern Standard Arabic; awaits review by a professional translator.
  ar: {
    controller: 'المسؤول عن البيانات',
    controllerContact: 'بيانات الاتصال بالمسؤول عن البيانات',
    dataProtectionOfficer: 'مسؤول حماية البيانات',
    purpose: 'الغرض من المعالجة',
    legalBasis: 'الأساس القانوني للمعالجة',
    dataCategories: 'البيانات التي تُعالَج',
    recipients: 'الجهات التي تتلقى البيانات',
    retention: 'مدة الاحتفاظ بالبيانات',
    rights: 'حقوقك وكيفية ممارستها',
    complaint: 'الحق في تقديم شكوى إلى أمين حماية البيانات',
    incomplete: 'إشعار الخصوصية هذا ناقص، لذا لا يمكن فتح الاستبيان لتلقي الإجابات بعد.',
  },
};

/** A survey's privacy notice, made from the privacy parts of its file, in the language chosen. */
export function PrivacyNotice({ surveyId }: { surveyId: string }) {
  const { t, language } = useLanguage();
  const [survey, setSurvey] = useState<SurveyDetailT | null>(null);
  const [problem, setProblem] = useState<'not_found' | 'failed' | null>(null);
  useEffect(() => {
    getSurvey(surveyId).then(setSurvey, (e: unknown) => setProblem(e instanceof ApiProblem && e.status === 404 ? 'not_found' : 'failed'));
  }, [surveyId]);
  const title = survey ? localized(survey.title, language) : '';
  const languages = survey ? languagesOf(typeof survey.title === 'string' ? [] : Object.keys(survey.title)) : (['fi', 'sv', 'en'] as readonly Language[]);
  const headings = HEADINGS[language];
  const rights = RIGHTS_TEXTS[language];
  const privacy = survey?.privacy ?? null;
  const parts = PARTS.map((part) => ({ part, text: privacy ? localized(privacy[part], language) : '' }));
  return (
    <Layout languages={languages} title={survey ? t.privacyTitle(title) : t.privacyNotice}>
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem === 'not_found' ? t.surveyNotFound : t.loadFailed}
        </p>
      )}
      {!survey && !problem && <p role="status">{t.loading}</p>}
      {survey && (
        <article className="prose" aria-labelledby="privacy-title">
          <h1 id="privacy-title">{t.privacyTitle(title)}</h1>
          <p data-testid="privacy-intro">{survey.identifying ? t.privacyIntroIdentifying : t.privacyIntro}</p>
          {parts.some((p) => p.text === '') && <p className="notice">{headings.incomplete}</p>}
          {parts
            .filter((p) => p.text !== '')
            .map(({ part, text }) => (
              <section key={part} aria-labelledby={`privacy-${part}`}>
                <h2 id={`privacy-${part}`}>{headings[part]}</h2>
                <p>{text}</p>
              </section>
            ))}
          <p>
            <a href={paths.rights} data-testid="rights-link">
              {rights.title}
            </a>
          </p>
          <p>
            <a href={paths.survey(survey.id)}>{t.backToSurvey}</a>
          </p>
        </article>
      )}
    </Layout>
  );
}
