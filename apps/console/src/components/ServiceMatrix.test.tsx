import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n.js';
import { ServiceMatrix } from './ServiceMatrix.js';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const points = [
  {
    id: 'a',
    label: '李娜',
    procedural: 90,
    personal: 40,
    proceduralInputs: [{ input: 'FIRST_REPLY_ON_TIME', value: 90, weight: 15 }],
    personalInputs: [
      { input: 'CSAT', value: null, weight: 1 },
      { input: 'BEHAVIOUR', value: 40, weight: 1 },
    ],
  },
  { id: 'b', label: '王强', procedural: null, personal: 80 },
];

describe('service-type matrix chart', () => {
  it('labels the quadrants in Chinese and explains a focused point', () => {
    localStorage.setItem('service-desk.language', 'zh-CN');
    render(
      <I18nProvider timeZone="Asia/Shanghai">
        <ServiceMatrix title="服务类型矩阵" threshold={70} points={points} />
      </I18nProvider>,
    );
    for (const label of ['优质服务型', '按部就班型', '热情友好型', '漠不关心型'])
      expect(screen.getByText(label)).toBeTruthy();
    const point = screen.getByTestId('point-a');
    expect(point.getAttribute('tabindex')).toBe('0');
    fireEvent.focus(point);
    expect(screen.getByTestId('matrix-explanation').textContent).toBe(
      '李娜: 按部就班型 — 程序维度 90.0 (首次回复及时率 90.0 × 15); 个人维度 40.0 (顾客满意度 无数据 × 1; 行为评估 40.0 × 1)',
    );
    // A point without both axes is listed, not drawn.
    expect(screen.queryByTestId('point-b')).toBeNull();
    expect(screen.getByText('无数据: 王强')).toBeTruthy();
  });

  it('uses the English names in English', () => {
    localStorage.setItem('service-desk.language', 'en');
    render(
      <I18nProvider timeZone="Asia/Shanghai">
        <ServiceMatrix title="Matrix" threshold={70} points={points} />
      </I18nProvider>,
    );
    for (const label of ['Excellent', 'Bureaucratic', 'Friendly but disorganised', 'Indifferent'])
      expect(screen.getByText(label)).toBeTruthy();
  });
});
