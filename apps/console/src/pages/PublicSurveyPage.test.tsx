import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'urql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { I18nProvider } from '../i18n.js';
import { type PublicSurvey, PublicSurveyPage, unanswered } from './PublicSurveyPage.js';

const TOKEN = 'a'.repeat(43);
const survey: PublicSurvey = {
  storeName: '阳光花园物业',
  language: 'zh-CN',
  csatQuestion: '总体而言，您对本次服务满意吗？',
  expiresAt: '2026-12-07T06:30:00.000Z',
  items: [
    { id: 'i1', text: '设施整洁', textEn: 'The premises are clean', position: 1 },
    { id: 'i2', text: '按承诺完成', textEn: null, position: 2 },
  ],
};

function harness(mutationResult: Record<string, unknown>) {
  const executeQuery = vi.fn(() => fromValue({ data: { publicSurvey: survey } }));
  const executeMutation = vi.fn(() => fromValue(mutationResult));
  const client = { executeQuery, executeMutation } as any;
  const wrap = (children: ReactNode) => (
    <I18nProvider timeZone="Asia/Shanghai">
      <Provider value={client}>{children}</Provider>
    </I18nProvider>
  );
  return { executeQuery, executeMutation, wrap };
}

const choose = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

beforeEach(() => localStorage.setItem('service-desk.language', 'en'));
afterEach(cleanup);

describe('public survey page', () => {
  it('asks for both ratings of every statement before sending anything', async () => {
    const { executeQuery, executeMutation, wrap } = harness({});
    render(wrap(<PublicSurveyPage token={TOKEN} />));
    // English statement when there is one, the original otherwise.
    expect(await screen.findByText('1. The premises are clean')).toBeTruthy();
    expect(screen.getByText('2. 按承诺完成')).toBeTruthy();
    expect((executeQuery.mock.calls[0] as unknown as [{ variables: unknown }])[0].variables).toEqual({
      token: TOKEN,
    });
    choose('Expectation 1', '7');
    choose('Perception 1', '5');
    choose('Expectation 2', '6');
    fireEvent.click(screen.getByRole('button', { name: 'Send my answers' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '1 statements are not rated on both scales yet (first: no. 2).',
    );
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it('sends E and P on 1–7 with CSAT and comment, then thanks the customer', async () => {
    const { executeMutation, wrap } = harness({
      data: { submitPublicSurveyResponse: { submittedAt: '2026-11-22T10:00:00Z', answered: 2 } },
    });
    render(wrap(<PublicSurveyPage token={TOKEN} />));
    await screen.findByText('1. The premises are clean');
    choose('Expectation 1', '7');
    choose('Perception 1', '5');
    choose('Expectation 2', '6');
    choose('Perception 2', '6');
    choose('Overall satisfaction', '4');
    fireEvent.change(screen.getByLabelText('Comment'), { target: { value: ' 很好 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send my answers' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Thank you!'));
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: unknown }];
    expect(operation.variables).toEqual({
      input: {
        token: TOKEN,
        answers: [
          { itemId: 'i1', expectation: 7, perception: 5 },
          { itemId: 'i2', expectation: 6, perception: 6 },
        ],
        csat: 4,
        comment: '很好',
      },
    });
  });

  it('shows why a used link is refused', async () => {
    const { wrap } = harness({
      error: {
        message: '[GraphQL] answered',
        graphQLErrors: [
          { message: 'This survey has already been answered. Thank you!', extensions: { code: 'CONFLICT' } },
        ],
      },
    });
    render(wrap(<PublicSurveyPage token={TOKEN} />));
    await screen.findByText('1. The premises are clean');
    for (const n of ['1', '2']) {
      choose(`Expectation ${n}`, '4');
      choose(`Perception ${n}`, '4');
    }
    fireEvent.click(screen.getByRole('button', { name: 'Send my answers' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already been answered');
  });

  it('counts statements missing either rating', () => {
    expect(unanswered(survey.items, { i1: { expectation: '3', perception: '' } }).map((i) => i.id)).toEqual([
      'i1',
      'i2',
    ]);
    expect(
      unanswered(survey.items, {
        i1: { expectation: '3', perception: '4' },
        i2: { expectation: '1', perception: '7' },
      }),
    ).toEqual([]);
  });
});
