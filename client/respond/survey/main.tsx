// Entry of `/s/<survey-id>`. The survey's definition is asked for at once (the server preloads it
// with a Link header while these scripts download), before React renders anything.
import { getSurvey } from '../../common/api.ts';
import { mount } from '../mount.tsx';
import { SurveyPage } from './SurveyPage.tsx';

const surveyId = decodeURIComponent(/^\/s\/([^/]+)/.exec(window.location.pathname)?.[1] ?? '');
const detail = getSurvey(surveyId);
// Unhandled until SurveyPage subscribes; a failure is shown there.
detail.catch(() => undefined);

mount(<SurveyPage detail={detail} />);
