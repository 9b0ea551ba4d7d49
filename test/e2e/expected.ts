/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * The output items the nodes must produce, built from the sandbox's own record of a task (its
 * `tracks`, or its family `result`), independently of the product code: whatever the route or the
 * way the result arrived (poll, resume, trigger, Get Task Details), a finished task gives these
 * items; only `apiRoute` names the route.
 */

export type ApiRoute = 'perOperation' | 'jobs';

/** Kie's createTime (epoch ms, or "YYYY-MM-DD HH:mm:ss" in UTC) as an ISO string. */
export function isoTime(value: unknown): string | null {
	if (typeof value === 'number') return new Date(value).toISOString();
	if (typeof value === 'string') return new Date(`${value.replace(' ', 'T')}Z`).toISOString();
	return null;
}

const common = (taskId: string, taskType: string, apiRoute: ApiRoute, status: string) => ({
	taskId,
	taskType,
	apiRoute,
	stage: 'complete',
	status,
	code: 200,
	msg: null,
});

/** One item per track of a finished music task (sandbox task record from /__sandbox/tasks/<id>). */
export function expectedMusicItems(task: any, apiRoute: ApiRoute = task.route): Array<Record<string, unknown>> {
	return task.tracks.map((t: any, trackIndex: number) => ({
		...common(task.taskId, 'music', apiRoute, 'SUCCESS'),
		trackIndex,
		trackCount: task.tracks.length,
		id: t.id,
		audioUrl: t.audioUrl,
		streamAudioUrl: t.streamAudioUrl,
		imageUrl: t.imageUrl,
		title: t.title,
		tags: t.tags,
		prompt: t.prompt,
		modelName: t.modelName,
		duration: t.duration,
		createTime: isoTime(t.createTime),
	}));
}

/** The `<stem>Url` fields of a finished stems task (details spelling, non-empty only). */
export function expectedStemUrls(task: any): Record<string, string> {
	const out: Record<string, string> = {};
	for (const s of task.result.stems) if (s.detailsKey) out[s.detailsKey] = s.url;
	return out;
}

/** Items without the keys a particular path adds (e.g. the trigger's `verified`). */
export function without<T extends Record<string, unknown>>(items: T[] | undefined, ...keys: string[]): Array<Record<string, unknown>> {
	return (items ?? []).map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !keys.includes(k))));
}

/** Same items as they would be on the other route. */
export function onRoute(items: Array<Record<string, unknown>>, apiRoute: ApiRoute): Array<Record<string, unknown>> {
	return items.map((item) => ({ ...item, apiRoute }));
}
