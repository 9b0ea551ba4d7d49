'use strict';
// jest globalTeardown for the browser suite (see harness.js)
module.exports = async () => {
	await require('./harness').teardown();
};
