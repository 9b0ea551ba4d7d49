/**
 * The editor in a real browser (npm run test:ui): globalSetup builds the package and starts n8n 2.41.1
 * with it (test/ui/harness.js); the tests drive n8n's editor in headless Debian Chromium (playwright-core).
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/ui/tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/ui/globalSetup.js',
	globalTeardown: '<rootDir>/test/ui/globalTeardown.js',
	maxWorkers: 1,
	testTimeout: 180000,
	slowTestThreshold: 60,
	verbose: true,
};
