/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports */
/**
 * The queue-mode harness's own safety: a stale dist/ is refused (scripts/queue/package.js), and
 * leftovers of a killed run are ended by pid only when they carry the run's marker, including
 * redis-server, which rewrites its command line (scripts/queue/reaper.js).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const { staleSources } = require('../../../scripts/queue/package');
const { carriesMarker, killListed, removeServiceDirs } = require('../../../scripts/queue/reaper');

const alive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

function touch(file: string, text: string, mtimeMs: number): void {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, text);
	fs.utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
}

describe('scripts/queue/package.js staleSources', () => {
	const pkg = { name: 'x', version: '1.0.0', n8n: { nodes: ['dist/nodes/A.node.js'], credentials: ['dist/credentials/C.credentials.js'] } };
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kq-stale-'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('names every source edited after the build, newest first, and nothing for a fresh build', () => {
		const t = Date.now() - 60_000;
		touch(path.join(dir, 'nodes', 'A.node.ts'), 'a', t);
		touch(path.join(dir, 'package.json'), JSON.stringify(pkg), t);
		touch(path.join(dir, 'dist', 'nodes', 'A.node.js'), 'a', t + 10_000);
		touch(path.join(dir, 'dist', 'credentials', 'C.credentials.js'), 'c', t + 10_000);
		expect(staleSources(dir, pkg)).toMatchObject({ missing: [], newer: [] });

		touch(path.join(dir, 'nodes', 'shared', 'b.ts'), 'b', t + 20_000);
		touch(path.join(dir, 'credentials', 'C.credentials.ts'), 'c', t + 30_000);
		expect(staleSources(dir, pkg).newer).toEqual([path.join('credentials', 'C.credentials.ts'), path.join('nodes', 'shared', 'b.ts')]);
	});

	it('reports a missing entry file instead of comparing times', () => {
		touch(path.join(dir, 'dist', 'nodes', 'A.node.js'), 'a', Date.now());
		expect(staleSources(dir, pkg)).toEqual({ missing: [path.join('dist', 'credentials', 'C.credentials.js')], newer: [] });
	});
});

describe('scripts/queue/reaper.js', () => {
	const children: ChildProcess[] = [];
	const dirs: string[] = [];
	const sleeper = (cwd: string): ChildProcess => {
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- a stand-in process for the reaper to find
		const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { cwd, stdio: 'ignore' });
		children.push(c);
		return c;
	};
	const tempDir = (prefix: string): string => {
		const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
		dirs.push(d);
		return d;
	};
	afterAll(() => {
		for (const c of children) if (c.pid && alive(c.pid)) c.kill('SIGKILL');
		for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
	});

	it('recognises a process by its working folder (what redis-server keeps) and ends only the marked one', async () => {
		const marked = tempDir('kie-queue-redis-');
		const other = tempDir('kq-other-');
		const a = sleeper(marked);
		const b = sleeper(other);
		await new Promise((r) => setTimeout(r, 200));
		expect([carriesMarker(a.pid, marked), carriesMarker(b.pid, marked)]).toEqual([true, false]);

		// a reused pid (here: b listed with a's marker) is never touched
		const ended = killListed([
			{ pid: a.pid, marker: marked },
			{ pid: b.pid, marker: marked },
		]);
		await new Promise((r) => setTimeout(r, 200));
		expect({ ended, a: alive(a.pid as number), b: alive(b.pid as number) }).toEqual({ ended: 1, a: false, b: true });
	});

	it('removes only the temporary Redis and PostgreSQL folders a run listed', () => {
		const redis = tempDir('kie-queue-redis-');
		const userFolder = tempDir('kq-user-');
		removeServiceDirs([{ marker: redis }, { marker: userFolder }]);
		expect([fs.existsSync(redis), fs.existsSync(userFolder)]).toEqual([false, true]);
	});
});
