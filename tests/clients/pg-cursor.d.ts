/** Minimal typings for pg-cursor (the package ships none), as the client tests use it. */
declare module 'pg-cursor' {
  import type { Connection, CustomTypesConfig } from 'pg';

  interface CursorConfig {
    rowMode?: 'array';
    types?: CustomTypesConfig;
  }

  /** A portal read `rows` at a time (Execute with a row limit; PortalSuspended between reads). */
  export default class Cursor<R = Record<string, unknown>> {
    constructor(text: string, values?: unknown[], config?: CursorConfig);
    read(rows: number): Promise<R[]>;
    close(): Promise<void>;
    submit(connection: Connection): void;
  }
}
