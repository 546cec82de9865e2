/**
 * A namespace keeps two runs on one machine apart (a test run and `npm start`, or two test files):
 * it prefixes database schemas, NATS subjects, the stream, durable consumers and BullMQ queues.
 * The empty namespace is production's.
 */
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;

export function schemaName(namespace: string, service: string): string {
  return namespace ? `${namespace}_${service}` : service;
}

export function subjectPrefix(namespace: string): string {
  return namespace ? `${namespace}.` : '';
}

/** The one JetStream stream that holds every domain event. Persisted name: never rename. */
export function streamName(namespace: string): string {
  return namespace ? `${namespace.toUpperCase()}_CADRE_EVENTS` : 'CADRE_EVENTS';
}

export function durableName(namespace: string, consumer: string): string {
  const name = namespace ? `${namespace}_${consumer}` : consumer;
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function queuePrefix(namespace: string): string {
  return namespace ? `${namespace}:bull` : 'bull';
}
