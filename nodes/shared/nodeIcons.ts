import type { Icon } from 'n8n-workflow';

/** The Kie icon of both nodes (paths relative to each node's folder in dist/). */
export const KIE_NODE_ICON: Icon = { light: 'file:../../icons/kie.svg', dark: 'file:../../icons/kie.dark.svg' };
