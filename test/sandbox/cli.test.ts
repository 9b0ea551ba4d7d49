/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- this test runs the sandbox CLI as a child process */
/* The Kie SANDBOX command line (local test double, not Kie): flags reach the sandbox; bad flags exit 2. */
import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as path from 'path';

const CLI = path.join(__dirname, 'cli.js');

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`cli did not start: ${out}`));
		}, 10000);
		child.stdout!.on('data', (d: Buffer) => {
			out += d.toString();
			const m = /URL:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve({ child, url: m[1] });
			}
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`cli exited ${code}: ${out}`));
		});
	});
}

test('starts on a random port with the given knobs, answers as the sandbox, stops on SIGTERM', async () => {
	const { child, url } = await startCli(['--port', '0', '--quiet', '--api-key', 'k1', '--family-delay-ms', '70', '--per-operation-models', 'discontinuedOnly', '--jobs-callback-shape', 'recordInfo']);
	try {
		const banner = (await (await fetch(`${url}/__sandbox/`)).json()) as { sandbox: string };
		expect(banner.sandbox).toBe('Kie SANDBOX (local test double, not Kie)');
		const cfg = (await (await fetch(`${url}/__sandbox/config`)).json()) as Record<string, unknown>;
		expect(cfg).toMatchObject({ apiKeys: ['k1'], perOperationModels: 'discontinuedOnly', jobsCallbackShape: 'recordInfo', familyDelaysMs: { lyrics: 70, coverImage: 70 } });
	} finally {
		const exited = new Promise((r) => child.on('exit', r));
		child.kill('SIGTERM');
		await exited;
	}
});

test('a bad flag value exits 2 with usage', () => {
	const r = spawnSync(process.execPath, [CLI, '--jobs-callback-shape', 'loud'], { encoding: 'utf8', timeout: 10000 });
	expect(r.status).toBe(2);
	expect(r.stderr).toMatch(/--jobs-callback-shape needs minimal, recordInfo or perOperation/);
});
