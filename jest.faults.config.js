/**
 * Fault suite against a real n8n (npm run test:faults): hostile callbacks, create faults, callback
 * faults, a restart while an execution waits, and a secret scan. globalSetup builds the package,
 * starts a Kie SANDBOX (local test double, not Kie) and one n8n (FAULTS_N8N_VERSION, default
 * 2.41.1); the reporter writes docs/reliability.md from the figures the tests record.
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/faults'],
	testMatch: ['**/*.faults.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/faults/tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/faults/globalSetup.js',
	globalTeardown: '<rootDir>/test/faults/globalTeardown.js',
	testSequencer: '<rootDir>/test/faults/sequencer.js',
	reporters: ['default', '<rootDir>/test/faults/reporter.js'],
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 60,
};
