// Saavutettavuusseloste as the Act on the Provision of Digital Services (306/2019, § 15) requires:
// how accessible the service is, what is not, a feedback channel with a reply within 14 days, and
// the supervising authority. Model: https://www.saavutettavuusvaatimukset.fi/ (Traficom).
import type { ReactNode } from 'react';
import { htmlLang, useLanguage } from '../i18n.tsx';
import { Layout } from '../Layout.tsx';

/** The county's feedback address for accessibility; one place to change it. */
const FEEDBACK_EMAIL = 'saavutettavuus@pohde.fi';
const STATEMENT_DATE = { fi: '29.11.2026', sv: '29.11.2026', en: '29 November 2026' };

const mail = (address: string) => <a href={`mailto:${address}`}>{address}</a>;
const traficomWeb = <a href="https://www.saavutettavuusvaatimukset.fi">www.saavutettavuusvaatimukset.fi</a>;

interface Statement {
  title: string;
  sections: { heading: string; body: ReactNode }[];
}

const STATEMENTS: Record<'fi' | 'sv' | 'en', Statement> = {
  fi: {
    title: 'Saavutettavuusseloste',
    sections: [
      {
        heading: 'Mitä seloste koskee',
        body: (
          <p>
            Tämä saavutettavuusseloste koskee Pohjois-Pohjanmaan hyvinvointialueen Kuulo-kyselypalvelua: avointen kyselyjen
            luetteloa, kyselylomakkeita ja tietosuojaselosteita. Seloste on laadittu {STATEMENT_DATE.fi}. Palvelun
            saavutettavuus on arvioitu itse: automaattisella axe-core-testauksella (WCAG 2.1 A ja AA), näppäimistöllä ja 320
            pikselin levyisellä näytöllä.
          </p>
        ),
      },
      {
        heading: 'Saavutettavuuden tila',
        body: (
          <>
            <p>
              Palvelu täyttää digitaalisten palvelujen tarjoamisesta annetun lain (306/2019) vaatimukset osittain. Tavoitteena
              on WCAG 2.1 -ohjeistuksen A- ja AA-tason täyttyminen kokonaan.
            </p>
            <p>
              Kyselyihin voi vastata pelkällä näppäimistöllä ja puhelimella. Kyselyt ovat suomeksi, ruotsiksi ja englanniksi;
              asukaskysely myös selkosuomeksi. Sivun tekstin voi suurentaa selaimen zoomilla 200 prosenttiin ilman, että
              sisältöä katoaa.
            </p>
          </>
        ),
      },
      {
        heading: 'Ei-saavutettava sisältö',
        body: (
          <p>
            Emme ole tunnistaneet saavutettavuuspuutteita, mutta palvelua ei ole vielä arvioinut ulkopuolinen asiantuntija,
            eikä sitä ole testattu kattavasti eri ruudunlukijoilla. Jos huomaat puutteen, kerro siitä meille.
          </p>
        ),
      },
      {
        heading: 'Anna palautetta saavutettavuudesta',
        body: (
          <p>
            Huomasitko saavutettavuuspuutteen tai tarvitsetko kyselyn muussa muodossa? Lähetä palautetta sähköpostilla
            osoitteeseen {mail(FEEDBACK_EMAIL)}. Vastaamme 14 päivän kuluessa.
          </p>
        ),
      },
      {
        heading: 'Valvontaviranomainen',
        body: (
          <>
            <p>
              Jos et saa vastausta kahden viikon kuluessa tai et ole tyytyväinen vastaukseen, voit tehdä ilmoituksen
              valvontaviranomaiselle, Liikenne- ja viestintävirasto Traficomille.
            </p>
            <p>
              Liikenne- ja viestintävirasto Traficom
              <br />
              Digitaalisen esteettömyyden ja saavutettavuuden valvontayksikkö
              <br />
              {traficomWeb}
              <br />
              {mail('saavutettavuus@traficom.fi')}
              <br />
              puhelin (vaihde) 029 534 5000
            </p>
          </>
        ),
      },
    ],
  },
  sv: {
    title: 'Tillgänglighetsutlåtande',
    sections: [
      {
        heading: 'Vad utlåtandet gäller',
        body: (
          <p>
            Detta tillgänglighetsutlåtande gäller Norra Österbottens välfärdsområdes enkättjänst Kuulo: listan över öppna
            enkäter, enkätformulären och dataskyddsbeskrivningarna. Utlåtandet har upprättats {STATEMENT_DATE.sv}. Tjänstens
            tillgänglighet har bedömts internt: med automatisk testning med axe-core (WCAG 2.1 A och AA), med tangentbord och på
            en 320 pixlar bred skärm.
          </p>
        ),
      },
      {
        heading: 'Tillgänglighetsstatus',
        body: (
          <>
            <p>
              Tjänsten uppfyller delvis kraven i lagen om tillhandahållande av digitala tjänster (306/2019). Målet är att
              kriterierna på nivå A och AA i WCAG 2.1 uppfylls helt.
            </p>
            <p>
              Enkäterna kan besvaras med enbart tangentbord och med mobiltelefon. Enkäterna finns på finska, svenska och
              engelska; invånarenkäten också på lättläst finska. Texten kan förstoras till 200 procent med webbläsarens zoom utan
              att innehåll försvinner.
            </p>
          </>
        ),
      },
      {
        heading: 'Otillgängligt innehåll',
        body: (
          <p>
            Vi har inte identifierat brister i tillgängligheten, men tjänsten har ännu inte bedömts av en extern expert och inte
            testats heltäckande med olika skärmläsare. Om du upptäcker en brist, berätta det för oss.
          </p>
        ),
      },
      {
        heading: 'Ge respons om tillgängligheten',
        body: (
          <p>
            Upptäckte du en brist i tillgängligheten eller behöver du enkäten i någon annan form? Skicka respons per e-post till{' '}
            {mail(FEEDBACK_EMAIL)}. Vi svarar inom 14 dagar.
          </p>
        ),
      },
      {
        heading: 'Tillsynsmyndighet',
        body: (
          <>
            <p>
              Om du inte får svar inom två veckor eller inte är nöjd med svaret kan du göra en anmälan till tillsynsmyndigheten,
              Transport- och kommunikationsverket Traficom.
            </p>
            <p>
              Transport- och kommunikationsverket Traficom
              <br />
              Enheten för tillsyn över digital tillgänglighet
              <br />
              <a href="https://www.tillganglighetskrav.fi">www.tillganglighetskrav.fi</a>
              <br />
              {mail('webbtillganglighet@traficom.fi')}
              <br />
              telefon (växel) 029 534 5000
            </p>
          </>
        ),
      },
    ],
  },
  en: {
    title: 'Accessibility statement',
    sections: [
      {
        heading: 'What this statement covers',
        body: (
          <p>
            This accessibility statement covers Kuulo, the survey service of the North Ostrobothnia Wellbeing Services County:
            the list of open surveys, the survey forms and the privacy notices. The statement was drawn up on{' '}
            {STATEMENT_DATE.en}. The accessibility of the service has been assessed by ourselves: with automated testing with
            axe-core (WCAG 2.1 A and AA), with the keyboard alone and on a screen 320 pixels wide.
          </p>
        ),
      },
      {
        heading: 'Compliance status',
        body: (
          <>
            <p>
              The service partially meets the requirements of the Act on the Provision of Digital Services (306/2019). The aim
              is to meet the A and AA criteria of WCAG 2.1 in full.
            </p>
            <p>
              The surveys can be answered with the keyboard alone and on a phone. They are in Finnish, Swedish and English; the
              residents' survey also in plain Finnish. Text can be zoomed to 200 percent in the browser without content being
              lost.
            </p>
          </>
        ),
      },
      {
        heading: 'Non-accessible content',
        body: (
          <p>
            We have not found accessibility problems, but the service has not yet been assessed by an outside expert nor tested
            thoroughly with different screen readers. If you notice a problem, please tell us.
          </p>
        ),
      },
      {
        heading: 'Feedback on accessibility',
        body: (
          <p>
            Did you notice an accessibility problem, or do you need a survey in another format? Send feedback by e-mail to{' '}
            {mail(FEEDBACK_EMAIL)}. We reply within 14 days.
          </p>
        ),
      },
      {
        heading: 'Supervisory authority',
        body: (
          <>
            <p>
              If you do not receive a reply within two weeks, or you are not satisfied with the reply, you can notify the
              supervisory authority, the Finnish Transport and Communications Agency Traficom.
            </p>
            <p>
              Finnish Transport and Communications Agency Traficom
              <br />
              Digital Accessibility Supervision Unit
              <br />
              <a href="https://www.webaccessibility.fi">www.webaccessibility.fi</a>
              <br />
              {mail('saavutettavuus@traficom.fi')}
              <br />
              telephone (switchboard) +358 29 534 5000
            </p>
          </>
        ),
      },
    ],
  },
};

export function AccessibilityStatement() {
  const { language } = useLanguage();
  // The statement exists in Finnish, Swedish and English (the law asks for the first two); a reader
  // of another language (Arabic) gets the English one, marked as English and left to right.
  const shown = language === 'sv' || language === 'en' ? language : language === 'fi' || language === 'fi-selko' ? 'fi' : 'en';
  const statement = STATEMENTS[shown];
  const other = htmlLang(language) !== shown;
  return (
    <Layout languages={['fi', 'sv', 'en']} title={statement.title}>
      <article className="prose" {...(other ? { lang: shown, dir: 'ltr' } : {})}>
        <h1>{statement.title}</h1>
        {statement.sections.map((s) => (
          <section key={s.heading}>
            <h2>{s.heading}</h2>
            {s.body}
          </section>
        ))}
      </article>
    </Layout>
  );
}
