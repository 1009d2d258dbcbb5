// survey-core's Swedish, a chunk fetched only for a page in Swedish (../strings.ts).
import 'survey-core/i18n/swedish';
