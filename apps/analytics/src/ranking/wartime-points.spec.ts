import { WARTIME_QUALITIES } from '@cadre/contracts';
import type { QualityGrade, WartimeQualitiesV2 } from '@cadre/contracts';
import { PERFORMANCE_POINTS, wartimePoints } from './composite';

const qualities = (grades: QualityGrade[]): WartimeQualitiesV2 =>
  Object.fromEntries(
    WARTIME_QUALITIES.map((q, i) => [q, { grade: grades[i], fact: '具体表现' }]),
  ) as WartimeQualitiesV2;

describe('the random appraisal points of a wartime record', () => {
  it('keeps a record without qualities scoring by its performance, as before', () => {
    for (const performance of ['outstanding', 'good', 'fair', 'poor'] as const) {
      expect(wartimePoints({ performance })).toBe(PERFORMANCE_POINTS[performance]);
      expect(wartimePoints({ performance, qualities: null })).toBe(PERFORMANCE_POINTS[performance]);
    }
  });

  it('scores a record with qualities by the mean of the six, whatever its performance says', () => {
    const all = qualities(['excellent', 'excellent', 'good', 'good', 'fair', 'poor']);
    // (100 + 100 + 80 + 80 + 60 + 30) / 6 = 75
    expect(wartimePoints({ performance: 'outstanding', qualities: all })).toBe(75);
    expect(wartimePoints({ performance: 'poor', qualities: all })).toBe(75);
    expect(wartimePoints({ performance: 'fair', qualities: qualities(Array(6).fill('excellent')) })).toBe(100);
    // (80 × 5 + 60) / 6 = 76.67, one decimal
    expect(
      wartimePoints({ performance: 'good', qualities: qualities(['good', 'good', 'good', 'good', 'good', 'fair']) }),
    ).toBe(76.7);
  });
});
