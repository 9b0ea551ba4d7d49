/**
 * n8n queue mode (npm run test:queue): globalSetup builds the package, starts a Kie SANDBOX (local
 * test double, not Kie) and a queue-mode topology on loopback (Redis, PostgreSQL, main, 2 workers,
 * 2 webhook processors, a proxy; QUEUE_N8N_VERSION, default 2.41.1); the reporter writes
 * docs/queue-mode.md from the figures the tests record.
 */
module.exports = {
	rootDir: __dirname,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/queue/tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/queue/globalSetup.js',
	globalTeardown: '<rootDir>/test/queue/globalTeardown.js',
	// files run in name order (01-…, 02-…): the late duplicates come minutes after the trigger run
	testSequencer: '<rootDir>/test/faults/sequencer.js',
	reporters: ['default', '<rootDir>/test/queue/reporter.js'],
	maxWorkers: 1,
	testTimeout: 600000,
	slowTestThreshold: 60,
};
