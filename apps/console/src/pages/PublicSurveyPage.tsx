import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Loading } from '../components/ui.js';
import { errorOf } from '../graphql.js';
import { LanguageSwitch, useI18n } from '../i18n.js';

const PUBLIC_SURVEY = `query($token: String!) {
  publicSurvey(token: $token) { storeName language csatQuestion expiresAt items { id text textEn position } }
}`;
const SUBMIT = `mutation($input: SubmitPublicSurveyResponseInput!) {
  submitPublicSurveyResponse(input: $input) { submittedAt answered }
}`;

export interface PublicSurveyItem {
  id: string;
  text: string;
  textEn: string | null;
  position: number;
}

export interface PublicSurvey {
  storeName: string;
  language: string;
  csatQuestion: string | null;
  expiresAt: string;
  items: PublicSurveyItem[];
}

/** Expectation and perception chosen so far, per item (empty string: not chosen). */
export type Ratings = Record<string, { expectation: string; perception: string }>;

/** The items not yet rated on both scales, in order. */
export function unanswered(items: PublicSurveyItem[], ratings: Ratings): PublicSurveyItem[] {
  return items.filter((item) => !ratings[item.id]?.expectation || !ratings[item.id]?.perception);
}

const SEVEN = [1, 2, 3, 4, 5, 6, 7];
const FIVE = [1, 2, 3, 4, 5];

/** The public survey page of a one-time link (`/survey/<token>`): no sign-in. */
export function PublicSurveyPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [{ data, fetching, error }] = useQuery<{ publicSurvey: PublicSurvey }>({
    query: PUBLIC_SURVEY,
    variables: { token },
    requestPolicy: 'network-only',
  });
  return (
    <main className="content survey">
      <LanguageSwitch />
      {data?.publicSurvey ? (
        <SurveyForm token={token} survey={data.publicSurvey} />
      ) : (
        <>
          <h1>{t('surveyTitle')}</h1>
          <Loading fetching={fetching} error={error} />
        </>
      )}
    </main>
  );
}

export function SurveyForm({ token, survey }: { token: string; survey: PublicSurvey }) {
  const { t, language, formatDate } = useI18n();
  const [ratings, setRatings] = useState<Ratings>({});
  const [csat, setCsat] = useState('');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [{ fetching }, submitSurvey] = useMutation(SUBMIT);
  const rate = (itemId: string, scale: 'expectation' | 'perception', value: string) =>
    setRatings((current) => ({
      ...current,
      [itemId]: { ...(current[itemId] ?? { expectation: '', perception: '' }), [scale]: value },
    }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = unanswered(survey.items, ratings);
    if (missing.length > 0) {
      setProblem(t('surveyIncomplete', { count: missing.length, first: missing[0].position }));
      return;
    }
    setProblem(null);
    const result = await submitSurvey({
      input: {
        token,
        answers: survey.items.map((item) => ({
          itemId: item.id,
          expectation: Number(ratings[item.id].expectation),
          perception: Number(ratings[item.id].perception),
        })),
        ...(csat ? { csat: Number(csat) } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      },
    });
    const failure = errorOf(result.error);
    if (failure) setProblem(`${failure.message} (${failure.code})`);
    else setDone(true);
  };
  if (done)
    return (
      <section>
        <h1>{t('surveyTitle')}</h1>
        <p role="status" className="ok">
          {t('surveyThanks', { store: survey.storeName })}
        </p>
      </section>
    );
  return (
    <form onSubmit={submit} noValidate aria-label={t('surveyTitle')}>
      <h1>
        {t('surveyTitle')} · {survey.storeName}
      </h1>
      <p>{t('surveyIntro')}</p>
      <p>{t('surveyValidUntil', { at: formatDate(survey.expiresAt) })}</p>
      {survey.items.map((item) => {
        const text = language === 'en' && item.textEn ? item.textEn : item.text;
        return (
          <fieldset key={item.id} className="survey-item">
            <legend>
              {item.position}. {text}
            </legend>
            {(['expectation', 'perception'] as const).map((scale) => (
              <label key={scale}>
                {t(scale === 'expectation' ? 'surveyExpectation' : 'surveyPerception')}{' '}
                <select
                  aria-label={`${t(scale === 'expectation' ? 'surveyExpectation' : 'surveyPerception')} ${item.position}`}
                  value={ratings[item.id]?.[scale] ?? ''}
                  onChange={(event) => rate(item.id, scale, event.target.value)}
                >
                  <option value="">—</option>
                  {SEVEN.map((n) => (
                    <option key={n} value={String(n)}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        );
      })}
      {survey.csatQuestion && (
        <label>
          {survey.csatQuestion} ({t('surveyCsatScale')}){' '}
          <select aria-label={t('surveyCsat')} value={csat} onChange={(event) => setCsat(event.target.value)}>
            <option value="">—</option>
            {FIVE.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('comment')}
        <textarea value={comment} maxLength={2000} onChange={(event) => setComment(event.target.value)} />
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={fetching}>
        {t('surveySubmit')}
      </button>
    </form>
  );
}
