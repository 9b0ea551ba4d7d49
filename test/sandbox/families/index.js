'use strict';
/* Registry of the task families of the Kie SANDBOX (local test double, not Kie): lookups by name, create path, details path and jobs model. */

const FAMILIES = {
	music: require('./music'),
	lyrics: require('./lyrics'),
	wav: require('./wav'),
	stems: require('./stems'),
	midi: require('./midi'),
	video: require('./video'),
	coverImage: require('./coverImage'),
};

const OPERATIONS = [];
for (const f of Object.values(FAMILIES)) OPERATIONS.push(...f.operations);

const BY_KIND = new Map(OPERATIONS.map((op) => [op.kind, op]));
const BY_PATH = new Map(OPERATIONS.map((op) => [op.path, op]));
const BY_JOBS_MODEL = new Map(OPERATIONS.map((op) => [`ai-music-api/${op.jobsModel}`, op]));
const BY_DETAILS_PATH = new Map(Object.values(FAMILIES).map((f) => [f.detailsPath, f]));

/** Every status word a family uses for failure, across families (forced outcomes with these end in 'error'). */
const ALL_FAILURE_STATUSES = Array.from(new Set(Object.values(FAMILIES).flatMap((f) => f.failureStatuses)));

module.exports = { FAMILIES, OPERATIONS, BY_KIND, BY_PATH, BY_JOBS_MODEL, BY_DETAILS_PATH, ALL_FAILURE_STATUSES };
