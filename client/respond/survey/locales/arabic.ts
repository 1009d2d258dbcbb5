// survey-core's Arabic, a chunk fetched only for a page in Arabic (../strings.ts). It registers itself
// with `rtl: true`: survey-react-ui then writes dir="rtl" on the form.
import 'survey-core/i18n/arabic';
