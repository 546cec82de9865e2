import { chainsByAggregate, publishChains } from './publish-order';

const row = (aggregateId: string, n: number) => ({ aggregateId, n });

describe('outbox publish order', () => {
  it('groups rows per aggregate, keeping commit order inside each', () => {
    const rows = [row('a', 1), row('b', 2), row('a', 3), row('c', 4), row('b', 5)];
    expect(chainsByAggregate(rows).map((c) => c.map((r) => r.n))).toEqual([[1, 3], [2, 5], [4]]);
  });

  it('publishes an aggregate’s events one after another, in order', async () => {
    const log: number[] = [];
    const inFlight = new Set<string>();
    await publishChains([row('a', 1), row('a', 2), row('a', 3)], async (r) => {
      expect(inFlight.has(r.aggregateId)).toBe(false); // never two of one aggregate at once
      inFlight.add(r.aggregateId);
      await new Promise((res) => setTimeout(res, 2));
      log.push(r.n);
      inFlight.delete(r.aggregateId);
    });
    expect(log).toEqual([1, 2, 3]);
  });

  it('stops a chain at its first failure but lets other aggregates go on', async () => {
    const rows = [row('a', 1), row('a', 2), row('a', 3), row('b', 4), row('b', 5)];
    const { published, failure } = await publishChains(rows, async (r) => {
      if (r.n === 2) throw new Error('NATS away');
    });
    expect(published.map((r) => r.n).sort()).toEqual([1, 4, 5]); // 3 is held back behind 2
    expect((failure as Error).message).toBe('NATS away');
  });

  it('reports no failure when everything is published', async () => {
    const { published, failure } = await publishChains([row('a', 1)], async () => undefined);
    expect(published).toHaveLength(1);
    expect(failure).toBeUndefined();
  });
});
