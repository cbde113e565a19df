import { describe, expect, it } from 'vitest';
import { homeOf, sectionOf, sectionsFor } from './nav.js';

describe('role-aware navigation', () => {
  it('shows each role only the sections its API policies allow', () => {
    expect(sectionsFor('FIELD_STAFF').map((s) => s.path)).toEqual([
      '/field',
      '/case-library',
      '/my-scorecard',
    ]);
    expect(sectionsFor('HR').map((s) => s.path)).toEqual([
      '/case-library',
      '/campaigns',
      '/hr',
      '/performance',
    ]);
    expect(sectionsFor('OWNER').map((s) => s.path)).toContain('/performance');
    expect(sectionsFor('AGENT').map((s) => s.path)).not.toContain('/performance');
    expect(sectionsFor('HQ_ADMIN').map((s) => s.path)).toEqual(['/hq']);
    expect(sectionsFor('AGENT').map((s) => s.path)).not.toContain('/report');
    expect(sectionsFor('SUPERVISOR').map((s) => s.path)).toContain('/report');
  });

  it('starts each role on its first section and finds the section of a deep link', () => {
    expect(homeOf('FIELD_STAFF')).toBe('/field');
    expect(homeOf('SUPERVISOR')).toBe('/board');
    expect(sectionOf('/complaints/abc/print')?.path).toBe('/complaints');
    expect(sectionOf('/complaintsx')).toBeUndefined();
  });
});
