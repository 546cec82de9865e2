export * from './base.entity';
export * from './cursor';
export * from './data-source';
export * from './migrate';
export * from './persistence.module';
export * from './errors';
export * from './assessment-projection';
