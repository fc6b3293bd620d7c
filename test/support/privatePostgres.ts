import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './childService.js';

const BIN = process.env.PG_BIN_DIR ?? '/usr/local/bin';
const INITDB = path.join(BIN, 'initdb');

/** Why a PostgreSQL cluster of our own cannot be started here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  return existsSync(INITDB) ? null : `initdb not found at ${INITDB} (set PG_BIN_DIR): this fault test needs a PostgreSQL cluster it can stop and start`;
}

/**
 * A throwaway PostgreSQL cluster (initdb + pg_ctl in a temp dir, on a free port) that a test
 * may stop, kill and start again: never the shared one. PostgreSQL refuses to run as root,
 * so as root it runs as the `postgres` user.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'ordergraph-pg-'));
  port = 0;

  get url(): string {
    return `postgresql://root@127.0.0.1:${this.port}/postgres`;
  }

  private run(command: string, args: string[]): string {
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, command), ...args]] : [path.join(BIN, command), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
    this.run('initdb', ['-D', path.join(this.dir, 'data'), '-A', 'trust', '-U', 'root', '--no-sync', '-E', 'UTF8']);
    this.port = await freePort();
    this.start();
  }

  /** Start (again) on the same port and data, and wait until it accepts connections. */
  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    this.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-o', options, '-l', path.join(this.dir, 'log'), '-w', '-t', '60', 'start']);
  }

  /**
   * Stop as an operator's restart does: `fast` terminates every session (clients see 57P01)
   * and rolls back open transactions.
   */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  /**
   * SIGSTOP (SIGCONT) the postmaster and every backend: the server keeps its sockets open but
   * stops answering, as a stalled host or a partition does.
   */
  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  private signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    const postmaster = Number(readFileSync(path.join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    for (const pid of [postmaster, ...children]) process.kill(pid, signal);
  }

  async query(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
