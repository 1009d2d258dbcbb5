import { Component, lazy, Suspense, useCallback, useEffect, useState, type ErrorInfo, type ReactNode } from 'react';
import { ApiProblem } from '../../common/session.ts';
import { currentSession, type Session } from '../auth/api/session.ts';
import { SignIn } from '../auth/components/SignIn.tsx';
import { safeNextPath } from '../auth/next-path.ts';
import { homePage, mayOpen } from './access.ts';
import { useLanguage } from './i18n.tsx';
import { navigate, parseAuthoringPath, parseWaveMappingPath, parseDistributionPath, parseSurveyPath, paths, useLocation } from './router.ts';
import { Shell } from './Shell.tsx';

const SurveyList = lazy(() => import('../surveys/components/SurveyList.tsx'));
const SurveyPage = lazy(() => import('../results/components/SurveyPage.tsx'));
const AdminPage = lazy(() => import('../admin/components/AdminPage.tsx'));
const DistributionPage = lazy(() => import('../distribution/components/DistributionPage.tsx'));
const AuthoringList = lazy(() => import('../authoring/components/AuthoringList.tsx'));
const DraftEditor = lazy(() => import('../authoring/components/DraftEditor.tsx'));
const WaveMappingPage = lazy(() => import('../authoring/series/WaveMappingPage.tsx'));

type SessionState = { kind: 'checking' } | { kind: 'signed-out' } | { kind: 'signed-in'; session: Session };

export function App() {
  const { path, search, href } = useLocation();
  const [session, setSession] = useState<SessionState>({ kind: 'checking' });

  useEffect(() => {
    currentSession().then(
      (s) => setSession({ kind: 'signed-in', session: s }),
      (error: unknown) => setSession(error instanceof ApiProblem && error.status === 401 ? { kind: 'signed-out' } : { kind: 'signed-out' }),
    );
    const signedOut = () => setSession({ kind: 'signed-out' });
    window.addEventListener('workspace:signed-out', signedOut);
    return () => window.removeEventListener('workspace:signed-out', signedOut);
  }, []);

  const onSignedIn = useCallback(
    (s: Session) => {
      // Interview and paper entry (/tallennus) is a page of its own outside the workspace, and the
      // home of a role that enters answers but reads no results: it is loaded, not routed to.
      const landing = homePage(s.user.role);
      const home = landing === 'entry' ? paths.entry : landing === 'authoring' ? paths.authoring : paths.surveys;
      // Only a path of this site: anything else (another host, `/\host`, a scheme) goes home.
      const next = safeNextPath(search.get('next'), home);
      if (!/^\/(tyotila|admin|laadinta)(\/|$|\?)/.test(next)) {
        window.location.assign(next);
        return;
      }
      setSession({ kind: 'signed-in', session: s });
      navigate(next, { replace: true });
    },
    [search],
  );

  // Signed out anywhere but the sign-in page: go there, and come back here after signing in.
  useEffect(() => {
    if (session.kind === 'signed-out' && path !== '/kirjaudu') navigate(paths.signIn(href), { replace: true });
    if (session.kind === 'signed-in' && path === '/kirjaudu') navigate(session.session.user && homePage(session.session.user.role) === 'authoring' ? paths.authoring : paths.surveys, { replace: true });
  }, [session, path, href]);

  if (session.kind === 'checking') return <Loading />;
  if (session.kind === 'signed-out') return <SignIn onSignedIn={onSignedIn} />;

  const user = session.session.user;
  const survey = parseSurveyPath(path);
  const distribution = parseDistributionPath(path);
  const authoring = parseAuthoringPath(path);
  const waveMapping = parseWaveMappingPath(path);
  let page: ReactNode;
  let current: 'surveys' | 'admin' | 'distribution' | 'authoring' | null = 'surveys';
  if (waveMapping && mayOpen(user.role, 'authoring')) {
    page = <WaveMappingPage series={waveMapping.series} from={waveMapping.from} to={waveMapping.to} />;
    current = 'authoring';
  } else if (authoring && mayOpen(user.role, 'authoring')) {
    page = authoring.draft === null ? <AuthoringList /> : <DraftEditor draftId={authoring.draft} segment={authoring.segment} userId={user.id} />;
    current = 'authoring';
  } else if (path === '/tyotila' || path === '/kirjaudu') page = <SurveyList />;
  else if (survey) page = <SurveyPage surveyId={survey.survey} tab={survey.tab} user={user} />;
  else if (path === '/admin' && mayOpen(user.role, 'admin')) {
    page = <AdminPage currentUser={user} />;
    current = 'admin';
  } else if (distribution && mayOpen(user.role, 'distribution')) {
    page = <DistributionPage surveyId={distribution.survey} tab={distribution.tab} />;
    current = 'distribution';
  } else {
    page = <NotFound />;
    current = null;
  }
  return (
    <Shell user={user} current={current} onSignedOut={() => setSession({ kind: 'signed-out' })}>
      {/* A draft's tabs are one page: its editor keeps the author's unsaved file from tab to tab. */}
      <ErrorBoundary key={authoring?.draft ? paths.authoringDraft(authoring.draft) : path}>
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </ErrorBoundary>
    </Shell>
  );
}

export function Loading() {
  const { t } = useLanguage();
  return (
    <p className="loading" role="status">
      {t.loading}
    </p>
  );
}

function NotFound() {
  const { t } = useLanguage();
  return <h1>{t.notFound}</h1>;
}

function ErrorText() {
  const { t } = useLanguage();
  return (
    <div className="notice notice--error" role="alert">
      {t.loadFailed}
    </div>
  );
}

/** One per page: a rendering error shows a message, not a blank page. */
class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  override render() {
    return this.state.failed ? <ErrorText /> : this.props.children;
  }
}
