import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INBOX_RETENTION_DAYS, purgeInbox } from '@cadre/messaging';
import { dropNamespace, TEST_DATABASE_URL, testNamespace } from '@cadre/testing';
import { startChecklists } from '../support';

/**
 * The inbox keeps an applied event's id for INBOX_RETENTION_DAYS, then forgets it: the purge deletes
 * only this consumer's rows past the retention, never a recent one (those still stop repeats).
 */
describe('inbox purge', () => {
  const namespace = testNamespace();
  let checklists: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    checklists = await startChecklists(namespace); // migrates the schema, runs the consumer
    db = new DataSource({
      type: 'postgres',
      url: TEST_DATABASE_URL,
      extra: { options: `-c search_path=${namespace}_checklists` },
    });
    await db.initialize();
  });

  afterAll(async () => {
    await checklists.close();
    await db.destroy();
    await dropNamespace(namespace);
  });

  it('deletes only the consumer’s rows older than the retention', async () => {
    const row = (consumer: string, daysAgo: number) =>
      db.query(
        `INSERT INTO inbox (consumer, event_id, event_type, processed_at) VALUES ($1, $2, 'test.event', now() - make_interval(days => $3))`,
        [consumer, randomUUID(), daysAgo],
      );
    for (let i = 0; i < 3; i++) await row('checklists', INBOX_RETENTION_DAYS + 1 + i);
    await row('checklists', INBOX_RETENTION_DAYS - 1);
    await row('checklists', 0);
    await row('someone-else', INBOX_RETENTION_DAYS + 5);

    expect(await purgeInbox(db, 'checklists')).toBe(3);
    const left = await db.query(
      `SELECT consumer, round(extract(epoch FROM now() - processed_at) / 86400)::int AS days FROM inbox WHERE event_type = 'test.event' ORDER BY consumer, days`,
    );
    expect(left).toEqual([
      { consumer: 'checklists', days: 0 },
      { consumer: 'checklists', days: INBOX_RETENTION_DAYS - 1 },
      { consumer: 'someone-else', days: INBOX_RETENTION_DAYS + 5 },
    ]);
    expect(await purgeInbox(db, 'checklists')).toBe(0);
  });
});
