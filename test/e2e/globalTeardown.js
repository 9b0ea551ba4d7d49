'use strict';
// jest globalTeardown for the real-n8n e2e suite (see harness.js)
module.exports = async () => {
	await require('./harness').teardown();
};
