'use strict';
// jest globalSetup for the browser suite (see harness.js)
module.exports = async () => {
	await require('./harness').setup();
};
