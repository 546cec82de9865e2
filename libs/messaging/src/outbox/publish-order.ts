/**
 * Splits a batch of outbox rows (in commit order) into one chain per aggregate. Chains are
 * published concurrently; inside a chain each event waits for the previous one's ack, so the
 * stream keeps every aggregate's events in the order they were committed.
 */
export function chainsByAggregate<T extends { aggregateId: string }>(rows: T[]): T[][] {
  const chains = new Map<string, T[]>();
  for (const row of rows) {
    const chain = chains.get(row.aggregateId);
    if (chain) chain.push(row);
    else chains.set(row.aggregateId, [row]);
  }
  return [...chains.values()];
}

/**
 * Publishes every chain; a chain stops at its first failure so a later event of that aggregate is
 * never published before an earlier one. Returns the rows that were published.
 */
export async function publishChains<T extends { aggregateId: string }>(
  rows: T[],
  publish: (row: T) => Promise<void>,
): Promise<{ published: T[]; failure: unknown }> {
  const published: T[] = [];
  let failure: unknown;
  await Promise.all(
    chainsByAggregate(rows).map(async (chain) => {
      for (const row of chain) {
        try {
          await publish(row);
          published.push(row);
        } catch (err) {
          failure ??= err;
          return;
        }
      }
    }),
  );
  return { published, failure };
}
