import fc from 'fast-check';

// CI runs the property tests on a fixed seed, so whether a change lands never depends on luck; local runs keep
// exploring new cases (a failure prints its seed and path for replay).
if (process.env.CI) fc.configureGlobal({ seed: 20_261_125 });
