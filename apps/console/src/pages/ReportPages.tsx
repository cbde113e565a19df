import { useState } from 'react';
import { useQuery } from 'urql';
import { BarChart, Loading } from '../components/ui.js';
import { enumLabel } from '../enums.js';
import { useI18n } from '../i18n.js';

const LIBRARY = `query Library($search: String) { caseLibrary(first: 50, search: $search) {
  edges { node { id number title category rootCause preventiveAction resolutionSummary } } } }`;

interface LibraryCase {
  id: string;
  number: number;
  title: string;
  category: string;
  rootCause: string | null;
  preventiveAction: string | null;
  resolutionSummary: string | null;
}

export function CaseLibraryPage() {
  const { t, language } = useI18n();
  const [search, setSearch] = useState('');
  const [{ data, fetching, error }] = useQuery<{ caseLibrary: { edges: Array<{ node: LibraryCase }> } }>({
    query: LIBRARY,
    variables: { search: search || undefined },
  });
  return (
    <section aria-labelledby="library-title">
      <h1 id="library-title">{t('navCaseLibrary')}</h1>
      <label>
        {t('search')} <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <Loading fetching={fetching && !data} error={error} />
      {data?.caseLibrary.edges.length === 0 && <p>{t('noItems')}</p>}
      {data?.caseLibrary.edges.map(({ node }) => (
        <article key={node.id} className="card">
          <h2>
            #{node.number} {node.title} <small>{enumLabel(language, node.category)}</small>
          </h2>
          <p>
            <strong>{t('rootCause')}:</strong> {node.rootCause}
          </p>
          <p>
            <strong>{t('preventiveAction')}:</strong> {node.preventiveAction}
          </p>
          <p>{node.resolutionSummary}</p>
        </article>
      ))}
    </section>
  );
}

const REPORT = `query Circulation($period: PeriodInput!) { circulationReport(period: $period) {
  total brokenPromises firstReplyOnTimeRate resolutionOnTimeRate
  byCategory { key count } byChannel { key count } bySeverity { key count } byState { key count } } }`;

interface Counts {
  key: string;
  count: number;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

export function CirculationReportPage() {
  const { t, language } = useI18n();
  const [from, setFrom] = useState(day(-30));
  const [to, setTo] = useState(day(1));
  const [{ data, fetching, error }] = useQuery<{
    circulationReport: {
      total: number;
      brokenPromises: number;
      firstReplyOnTimeRate: number | null;
      resolutionOnTimeRate: number | null;
      byCategory: Counts[];
      byChannel: Counts[];
      bySeverity: Counts[];
      byState: Counts[];
    };
  }>({
    query: REPORT,
    variables: { period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } },
  });
  const report = data?.circulationReport;
  const rate = (value: number | null | undefined) => (value == null ? '—' : `${Math.round(value * 100)} %`);
  const chart = (key: 'byCategory' | 'byChannel' | 'bySeverity' | 'byState', title: string) =>
    report && (
      <BarChart
        title={title}
        data={report[key].map((c) => ({ label: enumLabel(language, c.key), value: c.count }))}
      />
    );
  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title">{t('navReport')}</h1>
      <div className="filters">
        <label>
          {t('from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <Loading fetching={fetching && !data} error={error} />
      {report && (
        <>
          <dl className="facts">
            <dt>{t('total')}</dt>
            <dd>{report.total}</dd>
            <dt>{t('firstReplyOnTime')}</dt>
            <dd>{rate(report.firstReplyOnTimeRate)}</dd>
            <dt>{t('resolutionOnTime')}</dt>
            <dd>{rate(report.resolutionOnTimeRate)}</dd>
            <dt>{t('brokenPromises')}</dt>
            <dd>{report.brokenPromises}</dd>
          </dl>
          <div className="charts">
            {chart('byCategory', t('byCategory'))}
            {chart('byChannel', t('byChannel'))}
            {chart('bySeverity', t('bySeverity'))}
            {chart('byState', t('byState'))}
          </div>
        </>
      )}
    </section>
  );
}
