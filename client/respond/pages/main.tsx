// Entry of the site's light pages: the list of open surveys, the accessibility statement, the
// privacy notices, the form for a resume code and the respondent's own answer (rights). Nothing here loads survey-core.
import { paths } from '../Layout.tsx';
import { mount } from '../mount.tsx';
import { AccessibilityStatement } from './AccessibilityStatement.tsx';
import { NotFound } from './NotFound.tsx';
import { PrivacyNotice } from './PrivacyNotice.tsx';
import { ResumePage } from './ResumePage.tsx';
import { RightsPage } from '../rights/RightsPage.tsx';
import { SurveyList } from './SurveyList.tsx';

function Page() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (path === paths.front) return <SurveyList />;
  if (path === paths.accessibility) return <AccessibilityStatement />;
  if (path === paths.resume) return <ResumePage />;
  if (path === paths.rights) return <RightsPage />;
  const privacy = /^\/tietosuoja\/([a-z0-9][a-z0-9-]{0,63})$/.exec(path);
  if (privacy?.[1]) return <PrivacyNotice surveyId={privacy[1]} />;
  return <NotFound />;
}

mount(<Page />);
