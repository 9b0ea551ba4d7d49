'use strict';
// jest globalSetup for the queue-mode suite (see harness.js)
module.exports = async () => {
	await require('./harness').setup();
};
