import { setImmediate } from 'node:timers/promises';

/**
 * Lets the requests waiting for the database run before a long loop's next step: the embedded
 * database serves its callers one at a time in arrival order, and a loop that re-queues at once
 * (without letting pending I/O be read) would keep new requests behind all of its items. On PGlite the
 * loop's turn is given even to callers that never wait on I/O (db/client.ts, eventLoopTurns).
 */
export const letOthersIn = () => setImmediate();
