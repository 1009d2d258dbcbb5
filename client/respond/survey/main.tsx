// Entry of `/s/<survey-id>`, `/l/<token>` and `/jatka/<code>`. What the address opens is asked for
// at once (the server preloads a survey's definition with a Link header while these scripts
// download), before React renders anything. `/tallennus` (planners' interview and paper entry) is
// a chunk of its own, loaded only there, so respondents never download it.
import { lazy, Suspense } from 'react';
import { mount } from '../mount.tsx';
import { SurveyPage } from './SurveyPage.tsx';
import { startLink, startResume, startSurvey, type Start } from './start.ts';

const EntryPage = lazy(() => import('../entry/EntryPage.tsx'));

const path = window.location.pathname;
const segment = (prefix: string) => decodeURIComponent(new RegExp(`^/${prefix}/([^/]+)`).exec(path)?.[1] ?? '');

if (/^\/tallennus\/?$/.test(path)) {
  mount(
    <Suspense fallback={null}>
      <EntryPage />
    </Suspense>,
  );
} else {
  let start: Promise<Start>;
  if (path.startsWith('/l/')) start = startLink(segment('l'));
  else if (path.startsWith('/jatka/')) start = startResume(segment('jatka'));
  else start = startSurvey(segment('s'));
  // Unhandled until SurveyPage subscribes; a failure is shown there.
  start.catch(() => undefined);
  mount(<SurveyPage start={start} />);
}
