import { describe, expect, it } from 'vitest';
import { calibrationInput, validateCalibration } from './calibration.js';

describe('calibration form validation', () => {
  it('requires a reason and at least a grade or a score', () => {
    expect(validateCalibration({ grade: '', score: '', reason: '  ' })).toEqual({
      reason: 'required',
      grade: 'gradeOrScore',
    });
    expect(validateCalibration({ grade: 'A', score: '', reason: 'Peer review' })).toEqual({});
    expect(validateCalibration({ grade: '', score: '88.5', reason: 'Peer review' })).toEqual({});
  });

  it('accepts scores from 0 to 100 only', () => {
    expect(validateCalibration({ grade: '', score: '101', reason: 'x' }).score).toBe('invalidScore');
    expect(validateCalibration({ grade: '', score: '-1', reason: 'x' }).score).toBe('invalidScore');
    expect(validateCalibration({ grade: '', score: 'abc', reason: 'x' }).score).toBe('invalidScore');
    expect(validateCalibration({ grade: 'B', score: '0', reason: 'x' })).toEqual({});
    expect(validateCalibration({ grade: 'B', score: '', reason: 'x'.repeat(1001) }).reason).toBe('tooLong');
  });

  it('sends only what changes, with the reason trimmed', () => {
    expect(calibrationInput('c1', { grade: 'A', score: '', reason: ' Strong year ' })).toEqual({
      scorecardId: 'c1',
      grade: 'A',
      reason: 'Strong year',
    });
    expect(calibrationInput('c1', { grade: '', score: '75', reason: 'r' })).toEqual({
      scorecardId: 'c1',
      score: 75,
      reason: 'r',
    });
  });
});
