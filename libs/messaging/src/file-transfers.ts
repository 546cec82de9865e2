import { randomUUID } from 'node:crypto';
import { ObjectStore, Objm } from '@nats-io/obj';
import { nanos, NatsConnection } from '@nats-io/transport-node';
import { StorageType } from '@nats-io/jetstream';

/** How long an uploaded or exported file waits in the bucket before JetStream drops it. */
const KEEP_MS = 60 * 60_000;

/**
 * Files too large for one NATS message (1 MB by default) — roster imports and exports — pass
 * between the gateway and a service through a JetStream object store bucket: the sender puts the
 * file and sends its name in the request; the receiver reads it and deletes it.
 */
export class FileTransfers {
  private store?: Promise<ObjectStore>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  /** Persisted bucket name: never rename. */
  get bucketName(): string {
    return `${this.namespace || 'cadre'}_transfers`;
  }

  async put(data: Uint8Array, description: string): Promise<string> {
    const name = randomUUID();
    await (await this.bucket()).putBlob({ name, description }, data);
    return name;
  }

  async take(name: string): Promise<Uint8Array | null> {
    const store = await this.bucket();
    const data = await store.getBlob(name);
    await store.delete(name).catch(() => undefined);
    return data;
  }

  async delete(name: string): Promise<void> {
    await (await this.bucket()).delete(name).catch(() => undefined);
  }

  private bucket(): Promise<ObjectStore> {
    this.store ??= new Objm(this.nc)
      .create(this.bucketName, { ttl: nanos(KEEP_MS), storage: StorageType.File })
      .catch((err: unknown) => {
        this.store = undefined; // try again next time (NATS may have been away)
        throw err;
      });
    return this.store;
  }
}
