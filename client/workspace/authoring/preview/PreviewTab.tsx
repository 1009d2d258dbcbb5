// A placeholder so the editor's host compiles: this tab's owner replaces the file (same default export and props).
import { useLanguage } from '../../app/i18n.tsx';
import type { DraftTabProps } from '../tab.ts';

export default function PreviewTab(_props: DraftTabProps) {
  const { language } = useLanguage();
  return <p role="status">{language === 'sv' ? 'Fliken är inte tillgänglig ännu.' : language === 'en' ? 'This tab is not available yet.' : 'Tämä välilehti ei ole vielä käytettävissä.'}</p>;
}
