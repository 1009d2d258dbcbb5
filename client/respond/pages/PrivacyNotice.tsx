import { useEffect, useState } from 'react';
import { ApiProblem, getSurvey, type SurveyDetailT } from '../../common/api.ts';
import { languagesOf, localized, onLanguagePack, useLanguage, type Language } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';
import { RIGHTS_TEXTS } from '../rights/texts.ts';
import type { NoticeHeadings, NoticePart } from './notice-headings.ts';


/**
 * The parts of the notice in the order GDPR articles 13 and 14 list them, with their headings. The
 * texts are the survey file's (server/surveys/envelope.ts checks that each is there in every
 * language of the survey before it can open); only the headings are the page's own.
 */
const PARTS: readonly NoticePart[] = ['controller', 'controllerContact', 'dataProtectionOfficer', 'purpose', 'legalBasis', 'dataCategories', 'recipients', 'retention', 'rights', 'complaint'];

export type { NoticeHeadings };

// Finnish and plain Finnish (in short everyday words, selkosuomi) here; each other language's in its
// chunk (../languages/<code>.ts), added once loaded: the page shows a language only then.
const HEADINGS = {
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
} as Record<Language, NoticeHeadings>;
onLanguagePack((language, pack) => {
  HEADINGS[language] = pack.headings;
});

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
