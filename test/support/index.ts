// The in-process test stack (each service started from its module, as main.ts would) and the private
// servers fault tests stop and kill. Here rather than in libs/testing because it imports the apps, and
// libs never import apps; the app-free helpers (namespaces, eventually, ProbeConsumer) stay in @cadre/testing.
export * from './private-servers';
export * from './stack';
export * from './stack-analytics';
export * from './stack-appraisal';
export * from './stack-checklists';
export * from './stack-review';
export * from './demo';
