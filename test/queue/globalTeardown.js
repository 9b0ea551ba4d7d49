'use strict';
// jest globalTeardown for the queue-mode suite (see harness.js)
module.exports = async () => {
	await require('./harness').teardown();
};
