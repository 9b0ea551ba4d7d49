// Removes build output so a rebuild never ships stale files.
const fs = require('fs');
const path = require('path');

for (const entry of ['dist', 'tsconfig.tsbuildinfo']) {
	fs.rmSync(path.join(__dirname, '..', entry), { recursive: true, force: true });
}
