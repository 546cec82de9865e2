// App-free test helpers: libs never import apps. What starts an app in the test process (and the private
// servers tests stop and kill) lives in test/support.
export * from './namespace';
export * from './ports';
export * from './probe-consumer';
