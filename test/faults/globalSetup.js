'use strict';
// jest globalSetup for the fault suite (see harness.js)
module.exports = async () => {
	await require('./harness').setup();
};
