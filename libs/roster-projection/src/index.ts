export * from './roster-projection.shape';
export * from './migrations/roster-projection.migration';
export * from './roster-projection.listener';
export * from './roster-projection.handler';
export * from './roster-projection.module';
export * from './roster-snapshots.repository';
export * from './roster-reader.repository';
