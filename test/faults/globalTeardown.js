'use strict';
// jest globalTeardown for the fault suite (see harness.js)
module.exports = async () => {
	await require('./harness').teardown();
};
