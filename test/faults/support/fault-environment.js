// The fault tests' jest environment: jest's node environment that remembers whether a test of the
// file failed (globalThis.__faultFailed), so FaultStack.stop can print the services' logs of a
// failed run before it removes them — on CI they are the only trace of what went wrong.
const { TestEnvironment } = require('jest-environment-node');

class FaultEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') this.global.__faultFailed = true;
  }
}

module.exports = FaultEnvironment;
