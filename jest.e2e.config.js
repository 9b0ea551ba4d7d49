/**
 * End-to-end tests against real n8n instances (npm run test:e2e).
 * globalSetup builds the package, installs n8n (+ Node 24) into the cache outside the repo,
 * and starts a Kie SANDBOX + n8n per version in E2E_N8N_VERSIONS (default 2.41.1,1.123.81).
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/e2e/tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.js',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
	maxWorkers: 1,
	testTimeout: 180000,
	slowTestThreshold: 30,
};
