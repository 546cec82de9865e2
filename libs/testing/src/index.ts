export * from './namespace';
export * from './private-servers';
export * from './probe-consumer';
export * from './stack';
export * from './stack-checklists';
export * from './stack-appraisal';
export * from './stack-review';
export * from './stack-analytics';
