/**
 * One client connection: the startup handshake (PostgreSQL docs §55.2.1), then a loop that decodes
 * each message and hands it to the simple-query (§55.2.2), extended-query (§55.2.3) or COPY
 * (§55.2.6) handlers; cancellation (§55.2.7) and statement_timeout through one AbortController per
 * running statement; cleanup of the session and every open cursor when the socket goes away.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { SqlError, SqlState, toSqlError } from '../common/errors.ts';
import type { Engine, Session, StartupParams } from '../engine/api.ts';
import { ClientGone, authenticate } from './auth/index.ts';
import type { AuthMethod } from './auth/index.ts';
import type { CancelRegistry, Cancelable } from './cancel-registry.ts';
import { handleBind, handleClose, handleDescribe, handleExecute, handleParse, handleSync } from './extended-query.ts';
import { idleTimeout } from './idle-timeout.ts';
import type { Portal, PreparedStatement } from './portal.ts';
import * as be from './protocol/backend.ts';
import { decodeFrontend, decodeStartup } from './protocol/frontend.ts';
import type { FrontendMessage } from './protocol/frontend.ts';
import type { Frame } from './protocol/reader.ts';
import { runSimpleQuery } from './simple-query.ts';
import { textOptions } from './value-text.ts';
import type { FormatOptions } from './value-text.ts';
import { Inbox, Outbox } from './wire-io.ts';

/** What a Connection needs besides its socket and engine. */
export interface ConnectionOptions {
  readonly registry: CancelRegistry;
  readonly log: (line: string) => void;
  /** When set, the connection answers its StartupMessage with this error (FATAL) and closes (e.g. 53300). */
  readonly reject?: SqlError;
  /** Password authentication method (default trust; server/auth). */
  readonly auth?: AuthMethod;
}

/** Why the running statement was aborted. */
type AbortReason = 'cancel' | 'timeout' | 'disconnect';

/** Returns `e` as a FATAL SqlError (the connection closes after sending it). */
export function fatal(e: unknown): SqlError {
  const err = toSqlError(e);
  if (err.severity === 'FATAL') return err;
  return new SqlError(err.code, err.message, { detail: err.detail, hint: err.hint, position: err.position, severity: 'FATAL' });
}

/**
 * The per-connection state machine. Construct it on an accepted socket; `done` resolves once the
 * connection has closed and released its session, portals and cursors.
 */
export class Connection implements Cancelable {
  readonly inbox: Inbox;
  readonly out: Outbox;
  /** Prepared statements by name ('' is the unnamed one). */
  readonly statements = new Map<string, PreparedStatement>();
  /** Portals by name ('' is the unnamed one). */
  readonly portals = new Map<string, Portal>();
  /** After an error in extended mode: discard messages until Sync (docs §55.2.3). */
  skipUntilSync = false;
  /** Resolves when the connection is closed and cleaned up. */
  readonly done: Promise<void>;

  private sessionValue: Session | undefined;
  private current: { controller: AbortController; reason?: AbortReason; timer?: NodeJS.Timeout } | undefined;
  private unregister: (() => void) | undefined;
  private cleaned = false;
  /** ReadyForQuery was sent and no message has arrived since (the idle timeouts apply). */
  private awaitingCommand = false;

  constructor(
    private readonly socket: Socket,
    private readonly engine: Engine,
    private readonly opts: ConnectionOptions,
  ) {
    socket.setNoDelay(true);
    this.inbox = new Inbox(socket);
    this.out = new Outbox(socket);
    socket.on('error', () => {
      // 'close' follows; ECONNRESET and friends are ordinary client behaviour.
    });
    socket.on('close', () => this.onSocketClose());
    socket.on('end', () => this.inbox.end());
    this.done = this.run();
  }

  /** The session; only valid after startup. */
  get session(): Session {
    if (!this.sessionValue) throw new SqlError(SqlState.protocolViolation, 'no session', { severity: 'FATAL' });
    return this.sessionValue;
  }

  /** Text output options from the session's current settings. */
  get textOpts(): FormatOptions {
    return textOptions(this.session);
  }

  /** Logs a line through the server's logger. */
  log(line: string): void {
    this.opts.log(line);
  }

  /** CancelRequest target: aborts the running statement, if any (docs §55.2.7). */
  cancel(): void {
    this.abortCurrent('cancel');
  }

  /** Ends the connection from the server side, sending `reason` (e.g. 57P01) first when given. */
  kill(reason?: SqlError): void {
    if (reason && !this.out.closed) {
      be.errorResponse(this.out.w, fatal(reason));
      void this.out.flush();
    }
    this.abortCurrent('disconnect');
    this.inbox.end();
    this.endSocket();
  }

  private abortCurrent(reason: AbortReason): void {
    const cur = this.current;
    if (!cur || cur.controller.signal.aborted) return;
    cur.reason = reason;
    cur.controller.abort(new SqlError(SqlState.queryCanceled, 'canceling statement'));
  }

  private onSocketClose(): void {
    this.inbox.end();
    this.abortCurrent('disconnect');
  }

  private endSocket(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private async run(): Promise<void> {
    try {
      if (await this.startup()) await this.loop();
    } catch (e) {
      if (!(e instanceof SqlError)) this.log(`connection error: ${(e as Error)?.stack ?? String(e)}`);
      if (!this.out.closed) {
        be.errorResponse(this.out.w, fatal(e));
        await this.out.flush();
      }
    } finally {
      this.cleanup();
    }
  }

  /** The startup phase; returns false when the connection should close (cancel request, end of input). */
  private async startup(): Promise<boolean> {
    for (;;) {
      const frame = await this.inbox.next();
      if (!frame) return false;
      const packet = decodeStartup(frame);
      switch (packet.kind) {
        case 'sslRequest':
        case 'gssEncRequest':
          this.out.w.uint8(0x4e); // 'N': no SSL, no GSS encryption; the client goes on in the clear.
          await this.out.flush();
          continue;
        case 'cancel':
          this.opts.registry.cancel(packet.pid, packet.secret);
          return false;
        case 'startup': {
          if (this.opts.reject) throw fatal(this.opts.reject);
          const p = new Map(packet.params);
          const user = p.get('user') ?? '';
          if (this.opts.auth && this.opts.auth !== 'trust') {
            try {
              await authenticate(this, this.opts.auth, user, this.engine.passwordOf?.(user));
            } catch (e) {
              if (e instanceof ClientGone) return false;
              throw e;
            }
          }
          const params: StartupParams = {
            user,
            database: p.get('database') ?? user,
            applicationName: p.get('application_name'),
            other: new Map([...p].filter(([k]) => k !== 'user' && k !== 'database' && k !== 'application_name')),
          };
          let session: Session;
          try {
            session = this.engine.openSession(params);
          } catch (e) {
            throw fatal(e);
          }
          this.sessionValue = session;
          const secret = randomBytes(4).readInt32BE(0);
          this.unregister = this.opts.registry.register(session.pid, secret, this);
          const w = this.out.w;
          be.authenticationOk(w);
          for (const [k, v] of session.takeParameterStatus()) be.parameterStatus(w, k, v);
          be.backendKeyData(w, session.pid, secret);
          be.readyForQuery(w, session.transactionStatus());
          this.awaitingCommand = true;
          await this.out.flush();
          return true;
        }
      }
    }
  }

  private async loop(): Promise<void> {
    for (;;) {
      const frame = await this.nextCommandFrame();
      if (!frame || this.out.closed) return;
      const msg = decodeFrontend(frame);
      if (msg.kind === 'terminate') return;
      await this.dispatch(msg);
    }
  }

  /**
   * The next frame. After ReadyForQuery, idle_session_timeout or idle_in_transaction_session_timeout
   * (PostgreSQL docs §20.11) bounds the wait: when it passes the connection ends with FATAL 57P05 or 25P03.
   */
  private async nextCommandFrame(): Promise<Frame | null> {
    const idle = this.awaitingCommand && !this.inbox.hasFrame ? idleTimeout(this.session) : undefined;
    this.awaitingCommand = false;
    if (!idle) return this.inbox.next();
    const timer = setTimeout(() => this.kill(idle.error), idle.ms);
    try {
      return await this.inbox.next();
    } finally {
      clearTimeout(timer);
    }
  }

  private async dispatch(msg: FrontendMessage): Promise<void> {
    switch (msg.kind) {
      case 'query':
        await runSimpleQuery(this, msg.sql);
        return;
      case 'parse':
      case 'bind':
      case 'describe':
      case 'execute':
      case 'close':
        if (this.skipUntilSync) return;
        try {
          if (msg.kind === 'parse') handleParse(this, msg);
          else if (msg.kind === 'bind') handleBind(this, msg);
          else if (msg.kind === 'describe') handleDescribe(this, msg);
          else if (msg.kind === 'close') handleClose(this, msg);
          else await handleExecute(this, msg);
        } catch (e) {
          if (e instanceof SqlError && e.severity === 'FATAL') throw e;
          this.reportError(e);
          this.skipUntilSync = true;
        }
        if (this.out.w.length >= 64 * 1024) await this.out.flush();
        return;
      case 'sync':
        await handleSync(this);
        return;
      case 'flush':
        await this.out.flush();
        return;
      case 'copyData':
      case 'copyDone':
      case 'copyFail':
        // Outside COPY these are dropped, as PostgreSQL does (docs §55.2.6).
        return;
      case 'password':
        throw new SqlError(SqlState.protocolViolation, 'unexpected password message', { severity: 'FATAL' });
      case 'terminate':
        return;
    }
  }

  /** The next frontend message (for COPY FROM STDIN); null when the client went away. */
  async nextMessage(): Promise<FrontendMessage | null> {
    const frame = await this.inbox.next();
    return frame ? decodeFrontend(frame) : null;
  }

  /**
   * Runs one statement under a fresh AbortController (canceled by CancelRequest, statement_timeout
   * or disconnect). Errors are reported (ErrorResponse, session.markFailed) and false returned.
   * statement_timeout (ms) covers the whole statement, including the wait for a subscription's rows.
   */
  async runStatement(fn: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
    const controller = new AbortController();
    const cur: { controller: AbortController; reason?: AbortReason; timer?: NodeJS.Timeout } = { controller };
    this.current = cur;
    const timeout = Number.parseInt(this.session.setting('statement_timeout') ?? '0', 10);
    if (timeout > 0) cur.timer = setTimeout(() => this.abortCurrent('timeout'), timeout);
    try {
      await fn(controller.signal);
      return true;
    } catch (e) {
      this.reportError(this.statementError(e, cur.reason));
      return false;
    } finally {
      clearTimeout(cur.timer);
      if (this.current === cur) this.current = undefined;
    }
  }

  /** Rejects with a 57014 SqlError as soon as `signal` aborts, even if `p` never settles. */
  guard<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) {
      p.catch(() => undefined);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  private statementError(e: unknown, reason: AbortReason | undefined): SqlError {
    if (reason === 'cancel') return new SqlError(SqlState.queryCanceled, 'canceling statement due to user request');
    if (reason === 'timeout') return new SqlError(SqlState.queryCanceled, 'canceling statement due to statement timeout');
    if (reason === 'disconnect') return new SqlError(SqlState.connectionFailure, 'connection closed');
    return toSqlError(e);
  }

  /** Sends pending notices, then an ErrorResponse, and tells the session the statement failed. */
  reportError(e: unknown): void {
    if (!(e instanceof SqlError)) this.log(`internal error: ${(e as Error)?.stack ?? String(e)}`);
    const err = toSqlError(e);
    if (err.severity === 'FATAL') throw err;
    this.sendNotices();
    be.errorResponse(this.out.w, err);
    try {
      this.sessionValue?.markFailed(err);
    } catch (inner) {
      this.log(`markFailed failed: ${String(inner)}`);
    }
  }

  /** Encodes the session's pending notices as NoticeResponse messages. */
  sendNotices(): void {
    for (const n of this.session.takeNotices()) be.noticeResponse(this.out.w, n);
  }

  /** Sends changed ParameterStatus entries and ReadyForQuery, then flushes. */
  async readyForQuery(): Promise<void> {
    const w = this.out.w;
    for (const [k, v] of this.session.takeParameterStatus()) be.parameterStatus(w, k, v);
    be.readyForQuery(w, this.session.transactionStatus());
    this.awaitingCommand = true;
    await this.out.flush();
  }

  /** Closes a portal and forgets it. */
  closePortal(name: string): void {
    const p = this.portals.get(name);
    if (!p) return;
    this.portals.delete(name);
    p.close();
  }

  private cleanup(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    this.abortCurrent('disconnect');
    for (const name of [...this.portals.keys()]) {
      try {
        this.closePortal(name);
      } catch (e) {
        this.log(`closing portal failed: ${String(e)}`);
      }
    }
    this.statements.clear();
    this.unregister?.();
    try {
      this.sessionValue?.close();
    } catch (e) {
      this.log(`closing session failed: ${String(e)}`);
    }
    this.endSocket();
  }
}
