/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * jest setupFilesAfterEnv: each test starts like a fresh n8n process. The nodes keep per-process
 * state on purpose (the create pacer each Kie account shares), which must not carry a previous
 * test's creates, or its fake clock, into the next test.
 */
import { forgetAccountPacers } from '../../nodes/shared/transport/pacer';

beforeEach(() => forgetAccountPacers());
