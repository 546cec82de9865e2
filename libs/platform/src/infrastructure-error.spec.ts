import { isInfrastructureError } from './infrastructure-error';

describe('infrastructure errors', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    [
      {
        name: 'QueryFailedError',
        message: 'x',
        driverError: { code: '57P01', message: 'terminating connection due to administrator command' },
      },
    ],
    [{ name: 'MaxRetriesPerRequestError', message: 'Reached the max retries per request limit' }],
    [{ message: "Stream isn't writeable and enableOfflineQueue options is false" }],
    [new Error('Connection terminated unexpectedly')],
  ])('%j is a dependency being away', (err) => {
    expect(isInfrastructureError(err)).toBe(true);
  });

  it.each([
    [new Error('Cannot read properties of undefined')],
    [{ code: '23505', message: 'duplicate key' }],
    [null],
    ['text'],
  ])('%j is not', (err) => {
    expect(isInfrastructureError(err)).toBe(false);
  });
});
