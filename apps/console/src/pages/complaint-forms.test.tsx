import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'urql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromValue } from 'wonka';
import { I18nProvider } from '../i18n.js';
import { en, zh } from '../messages.js';
import { checkProposal, EscalateForm, ProposeForm } from './complaint-forms.js';

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

describe('proposal form', () => {
  it('refuses an empty description and an amount above the authority, without calling the API', async () => {
    const { executeMutation, wrap } = harness({
      data: { proposeResolution: { id: 'c1', state: 'PROPOSED' } },
    });
    render(wrap(<ProposeForm complaintId="c1" limit={200} onDone={() => undefined} />));
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Propose a resolution' }));
    expect(await screen.findByText('This field is required.')).toBeTruthy();
    expect(screen.getByText('Above your compensation authority (200).')).toBeTruthy();
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it('sends a valid proposal and reports success', async () => {
    const onDone = vi.fn();
    const { executeMutation, wrap } = harness({
      data: { proposeResolution: { id: 'c1', state: 'PROPOSED' } },
    });
    render(wrap(<ProposeForm complaintId="c1" limit={200} onDone={onDone} />));
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Voucher for the wait' } });
    fireEvent.change(screen.getByLabelText('Amount'), { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: 'Propose a resolution' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [operation] = executeMutation.mock.calls[0] as unknown as [{ variables: unknown }];
    expect(operation.variables).toEqual({
      input: {
        complaintId: 'c1',
        options: [{ remedy: 'APOLOGY', description: 'Voucher for the wait', amount: 50 }],
      },
    });
    expect(screen.getByRole('status').textContent).toBe('Saved.');
  });
});

describe('escalation form', () => {
  it('shows the API error message and code', async () => {
    const error = {
      message: '[GraphQL] Cannot escalate',
      graphQLErrors: [
        { message: 'Cannot escalate a closed complaint', extensions: { code: 'INVALID_TRANSITION' } },
      ],
    };
    const { wrap } = harness({ error });
    render(wrap(<EscalateForm complaintId="c1" onDone={() => undefined} />));
    fireEvent.click(screen.getByRole('button', { name: 'Escalate' }));
    expect(await screen.findByText('This field is required.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Reason'), {
      target: { value: 'Customer asked for the manager' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Escalate' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Cannot escalate a closed complaint (INVALID_TRANSITION)',
    );
  });
});

describe('proposal checks', () => {
  it('accepts amounts within the authority and refuses negative ones', () => {
    expect(checkProposal('x', '200', 200)).toEqual({ description: null, amount: null });
    expect(checkProposal('x', '-1', null).amount).toBe('invalidNumber');
    expect(checkProposal('x', '1e9', null).amount).toBeNull();
    expect(checkProposal('x', '201', 200).amount).toBe('aboveLimit');
  });
});

describe('translations', () => {
  it('has every string in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(zh)) expect(value.trim(), key).not.toBe('');
  });
});
