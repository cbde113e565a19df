import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'urql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { I18nProvider } from '../i18n.js';
import { CalibrationForm } from './PerformancePage.js';

function harness(result: Record<string, unknown>) {
  const executeMutation = vi.fn(() => fromValue(result));
  const client = { executeMutation } as any;
  const wrap = (children: ReactNode) => (
    <I18nProvider timeZone="Asia/Shanghai">
      <Provider value={client}>{children}</Provider>
    </I18nProvider>
  );
  return { executeMutation, wrap };
}

beforeEach(() => localStorage.setItem('service-desk.language', 'en'));
afterEach(cleanup);

describe('calibration form', () => {
  it('requires a reason and a change, and checks the score range, without calling the API', async () => {
    const { executeMutation, wrap } = harness({ data: { calibrateScorecard: { id: 'c1' } } });
    render(wrap(<CalibrationForm scorecardId="c1" onDone={() => undefined} />));
    fireEvent.click(screen.getByRole('button', { name: 'Calibrate' }));
    expect(await screen.findByText('This field is required.')).toBeTruthy();
    expect(screen.getByText('Change the grade, the score, or both.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('New score (0–100)'), { target: { value: '140' } });
    fireEvent.change(screen.getByLabelText('Calibration reason'), { target: { value: 'Peer review' } });
    fireEvent.click(screen.getByRole('button', { name: 'Calibrate' }));
    expect(await screen.findByText('Enter a score from 0 to 100.')).toBeTruthy();
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it('sends the grade with the reason and reports success', async () => {
    const onDone = vi.fn();
    const { executeMutation, wrap } = harness({
      data: { calibrateScorecard: { id: 'c1', state: 'CALIBRATED' } },
    });
    render(wrap(<CalibrationForm scorecardId="c1" onDone={onDone} />));
    fireEvent.change(screen.getByLabelText('New grade'), { target: { value: 'A' } });
    fireEvent.change(screen.getByLabelText('Calibration reason'), {
      target: { value: ' Led the recovery ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Calibrate' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: unknown }];
    expect(operation.variables).toEqual({
      input: { scorecardId: 'c1', grade: 'A', reason: 'Led the recovery' },
    });
    expect(screen.getByRole('status').textContent).toBe('Saved.');
  });

  it("shows the API's refusal with its code", async () => {
    const { wrap } = harness({
      error: {
        graphQLErrors: [{ message: 'The card is DRAFT', extensions: { code: 'INVALID_TRANSITION' } }],
        message: 'x',
      },
    });
    render(wrap(<CalibrationForm scorecardId="c1" onDone={() => undefined} />));
    fireEvent.change(screen.getByLabelText('New grade'), { target: { value: 'C' } });
    fireEvent.change(screen.getByLabelText('Calibration reason'), { target: { value: 'r' } });
    fireEvent.click(screen.getByRole('button', { name: 'Calibrate' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Error: The card is DRAFT (INVALID_TRANSITION)',
    );
  });
});
