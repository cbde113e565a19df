import type { MessageKey } from '../messages.js';

export type Grade = 'A' | 'B' | 'C';

/** The calibration form as typed: grade '' = unchanged, score '' = unchanged. */
export interface CalibrationDraft {
  grade: Grade | '';
  score: string;
  reason: string;
}

export type CalibrationErrors = Partial<Record<'grade' | 'score' | 'reason', MessageKey>>;

/**
 * The form's own checks (the API checks the same and more): a reason is required, at least one of
 * grade and score must change, and a score is a number from 0 to 100.
 */
export function validateCalibration(draft: CalibrationDraft): CalibrationErrors {
  const errors: CalibrationErrors = {};
  if (!draft.reason.trim()) errors.reason = 'required';
  else if (draft.reason.length > 1000) errors.reason = 'tooLong';
  const score = draft.score.trim();
  if (score !== '') {
    const value = Number(score);
    if (!Number.isFinite(value) || value < 0 || value > 100) errors.score = 'invalidScore';
  }
  if (!draft.grade && score === '') errors.grade = 'gradeOrScore';
  return errors;
}

/** The mutation's input for a valid draft. */
export function calibrationInput(scorecardId: string, draft: CalibrationDraft) {
  return {
    scorecardId,
    reason: draft.reason.trim(),
    ...(draft.grade ? { grade: draft.grade } : {}),
    ...(draft.score.trim() !== '' ? { score: Number(draft.score) } : {}),
  };
}
