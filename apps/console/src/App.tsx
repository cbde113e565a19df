import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { Provider } from 'urql';
import { createUrqlClient } from './graphql.js';
import { I18nProvider, LanguageSwitch, useI18n } from './i18n.js';
import { homeOf, sectionOf, sectionsFor } from './nav.js';
import { Link, navigate, usePath } from './router.js';
import { type Session, sessions } from './session.js';
import { enumLabel } from './enums.js';
import { BoardPage } from './pages/BoardPage.js';
import { ComplaintsPage } from './pages/ComplaintsPage.js';
import { ComplaintDetailPage, ComplaintRecordPage } from './pages/ComplaintDetailPage.js';
import { CaseLibraryPage, CirculationReportPage } from './pages/ReportPages.js';
import { FieldPage } from './pages/FieldPage.js';
import { CampaignsPage, CustomerPage, CustomersPage, RevisitsPage } from './pages/CustomerPages.js';
import { HqPage, HrPage } from './pages/HrPage.js';
import { PublicSurveyPage } from './pages/PublicSurveyPage.js';
import { MyScorecardPage, PerformancePage } from './pages/PerformancePage.js';

function useSession(): Session | null {
  const [session, setSession] = useState(sessions.session);
  useEffect(() => sessions.subscribe(setSession), []);
  return session;
}

export function App() {
  const session = useSession();
  const path = usePath();
  // A customer's one-time survey link: public, answered without signing in.
  const surveyToken = /^\/survey\/([A-Za-z0-9_-]+)$/.exec(path)?.[1];
  return (
    <I18nProvider timeZone={session?.tenant.timeZone ?? 'Asia/Shanghai'}>
      {/* Keyed by user: a fresh GraphQL client and cache for each signed-in user. */}
      <ClientScope key={session?.user.id ?? 'signed-out'}>
        {surveyToken ? (
          <PublicSurveyPage token={surveyToken} />
        ) : session ? (
          <Shell session={session} />
        ) : (
          <LoginPage />
        )}
      </ClientScope>
    </I18nProvider>
  );
}

function ClientScope({ children }: { children: ReactNode }) {
  const [client] = useState(createUrqlClient);
  return <Provider value={client}>{children}</Provider>;
}

function LoginPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email || !password) return setError(t('required'));
    setBusy(true);
    setError(null);
    try {
      const session = await sessions.login(email.trim(), password);
      if (location.pathname === '/' || location.pathname === '/login') navigate(homeOf(session.user.role));
    } catch {
      setError(t('signInFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form onSubmit={submit} className="card" aria-labelledby="login-title" noValidate>
        <h1 id="login-title">{t('appName')}</h1>
        <label>
          {t('email')}
          <input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}

function Shell({ session }: { session: Session }) {
  const { t, language } = useI18n();
  const path = usePath();
  const role = session.user.role;
  const sections = sectionsFor(role);
  useEffect(() => {
    if (path === '/' || path === '/login') {
      const home = homeOf(role);
      if (home !== '/') navigate(home);
    }
  }, [path, role]);
  const section = sectionOf(path);
  const allowed = !section || section.roles.includes(role);
  return (
    <div className="shell">
      <a href="#main" className="skip">
        {t('skip')}
      </a>
      <header className="topbar">
        <strong>{t('appName')}</strong>
        <span className="who">
          {session.user.displayName} · {enumLabel(language, role)} · {session.tenant.name}
        </span>
        <LanguageSwitch />
        <button type="button" onClick={() => void sessions.logout().then(() => navigate('/login'))}>
          {t('signOut')}
        </button>
      </header>
      <nav className="sidenav" aria-label="main">
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <Link to={s.path}>{t(s.label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {allowed ? <Route path={path} session={session} /> : <p role="alert">{t('noAccess')}</p>}
      </main>
    </div>
  );
}

function Route({ path, session }: { path: string; session: Session }) {
  const { t } = useI18n();
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'board':
      return <BoardPage />;
    case 'complaints':
      if (parts[1] && parts[2] === 'print') return <ComplaintRecordPage id={parts[1]} />;
      if (parts[1]) return <ComplaintDetailPage id={parts[1]} role={session.user.role} />;
      return <ComplaintsPage />;
    case 'case-library':
      return <CaseLibraryPage />;
    case 'report':
      return <CirculationReportPage />;
    case 'field':
      return <FieldPage />;
    case 'revisits':
      return <RevisitsPage />;
    case 'campaigns':
      return <CampaignsPage id={parts[1]} />;
    case 'customers':
      return parts[1] ? <CustomerPage id={parts[1]} /> : <CustomersPage />;
    case 'hr':
      return <HrPage />;
    case 'hq':
      return <HqPage />;
    case 'performance':
      return <PerformancePage periodId={parts[1]} />;
    case 'my-scorecard':
      return <MyScorecardPage />;
    default:
      return <h1>{t('welcome', { name: session.user.displayName })}</h1>;
  }
}
