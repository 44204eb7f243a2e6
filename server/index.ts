/**
 * server/: Strom's PostgreSQL-compatible front end: the v3 wire protocol over TCP (startup, simple
 * and extended query, COPY, cancel), on top of the Engine/Session contract of engine/api.ts.
 * See DESIGN.md, section "Server".
 *
 *  - protocol/: message codes, the frame reader, frontend decoders, backend encoders, binary values, COPY formats
 *  - connection.ts: the per-connection state machine; simple-query.ts, extended-query.ts,
 *    copy-handler.ts and result-stream.ts handle its messages; portal.ts holds prepared statements and portals
 *  - server.ts: the listener
 */
export { startServer } from './server.ts';
export type { RunningServer, ServerOptions } from './server.ts';
export { decodeBinary, encodeBinary } from './protocol/binary.ts';
