import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { seededRandom } from '@cadre/platform/seeded-random';
import { WartimeQualitiesDto } from '../../apps/gateway/src/appraisal/dto/appraisal.dto';
import { qualitiesOf } from './appraisal';

describe('the demo wartime records’ qualities', () => {
  it('judge all six with a grade near the conduct and a fact the gateway accepts', async () => {
    const judge = seededRandom(1);
    for (const level of [-0.2, 0.05, 0.3, 0.6, 0.9, 1.2]) {
      const q = qualitiesOf(level, judge);
      expect(await validate(plainToInstance(WartimeQualitiesDto, q), { forbidUnknownValues: true })).toEqual([]);
      const grades = Object.values(q).map((j) => j.grade);
      if (level > 1) expect(grades.every((g) => g === 'excellent')).toBe(true);
      if (level < -0.1) expect(grades.every((g) => g === 'poor')).toBe(true);
    }
  });
});
