import { useLanguage } from '../i18n.tsx';
import { Layout, paths } from '../Layout.tsx';

const TEXT = {
  fi: { title: 'Sivua ei löytynyt', body: 'Tarkista osoite tai palaa etusivulle.' },
  sv: { title: 'Sidan hittades inte', body: 'Kontrollera adressen eller gå tillbaka till startsidan.' },
  en: { title: 'Page not found', body: 'Please check the address or go back to the front page.' },
};

export function NotFound() {
  const { t, language } = useLanguage();
  const text = TEXT[language === 'sv' || language === 'en' ? language : 'fi'];
  return (
    <Layout languages={['fi', 'sv', 'en']} title={text.title}>
      <h1>{text.title}</h1>
      <p>{text.body}</p>
      <p>
        <a href={paths.front}>{t.frontPage}</a>
      </p>
    </Layout>
  );
}
