import { EVENT_CATALOG, EVENT_TYPES, eventSpec } from '@cadre/contracts';
import { EventValidator } from './event-validation';

describe('event validation (consumer side)', () => {
  const validator = new EventValidator(EVENT_TYPES);
  const cadre = EVENT_CATALOG['roster.cadre.created'].example;

  it.each(EVENT_TYPES)('%s: the catalog example of the current version passes', (type) => {
    expect(validator.problem(type, eventSpec(type).version, eventSpec(type).example)).toBeNull();
  });

  it('accepts what real publishers write: nulls where allowed, properties it does not know', () => {
    expect(
      validator.problem('roster.cadre.created', 1, {
        ...cadre,
        teamId: null,
        teamRole: null,
        fieldId: null,
        rank: null,
        education: null,
      }),
    ).toBeNull();
    expect(validator.problem('roster.cadre.created', 1, { ...cadre, addedLater: { any: 'thing' } })).toBeNull();
    expect(
      validator.problem('appraisal.cycle.opened', 1, {
        ...EVENT_CATALOG['appraisal.cycle.opened'].example,
        opensAt: new Date().toISOString(),
      }),
    ).toBeNull();
  });

  it('accepts the older versions still in the stream (review.results.updated v1: no suppression)', () => {
    const v2 = EVENT_CATALOG['review.results.updated'].example;
    const v1 = {
      ...v2,
      results: [
        {
          targetId: v2.results[0].targetId,
          ballots: 32,
          gradeCounts: v2.results[0].gradeCounts,
          excellentRate: 0.625,
          score: 88.4,
        },
      ],
    };
    expect(validator.problem('review.results.updated', 1, v1)).toBeNull();
    expect(validator.problem('review.results.updated', 2, v1)).toMatch(/suppressed/);
    expect(validator.problem('review.results.updated', 1, v2)).toMatch(/\/results\/1\/gradeCounts/);
  });

  it('names the first errors of a payload that breaks the schema', () => {
    const { personnelNo: _omit, ...noPersonnelNo } = cadre;
    expect(validator.problem('roster.cadre.created', 1, noPersonnelNo)).toMatch(/^\/personnelNo: /);
    expect(validator.problem('roster.cadre.created', 1, { ...cadre, gender: 'other' })).toBe(
      '/gender: Expected one of male, female',
    );
    expect(validator.problem('roster.cadre.created', 1, { ...cadre, birthDate: '14/06/1983' })).toMatch(
      /^\/birthDate: .*date/,
    );
    expect(validator.problem('roster.cadre.created', 1, { ...cadre, unitId: 'u-1' })).toMatch(/^\/unitId: .*uuid/);
    expect(validator.problem('roster.unit.created', 1, { i: 1 })).toMatch(/^\/id: .*; \/code: .*; \/name: /);
    expect(validator.problem('roster.unit.created', 1, null)).not.toBeNull();
    expect(
      validator.problem('checklists.political.verdict_changed', 1, {
        cadreId: cadre.id,
        from: null,
        to: 'fail',
        dimensions: [],
      }),
    ).toMatch(/\/dimensions/);
  });

  it('refuses a version it does not know, and refuses to start for a type the contracts do not have', () => {
    expect(validator.problem('roster.cadre.created', 2, cadre)).toMatch(/unknown version 2 \(known: 1\)/);
    expect(validator.problem('roster.cadre.created', '1', cadre)).toMatch(/unknown version "1"/);
    expect(new EventValidator(['roster.unit.created']).problem('roster.cadre.created', 1, cadre)).toMatch(
      /not a handled event type/,
    );
    expect(() => new EventValidator(['roster.cadre.deleted'])).toThrow('roster.cadre.deleted');
  });
});
