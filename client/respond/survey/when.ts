import { htmlLang, type Language } from '../i18n.tsx';

/** A time as a respondent reads it, in Finland's time zone whatever the device says. */
export function formatWhen(iso: string, language: Language): string {
  const locale = language === 'en' ? 'en-GB' : `${htmlLang(language)}-FI`;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(new Date(iso));
}
