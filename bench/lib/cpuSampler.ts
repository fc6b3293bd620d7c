import { readFileSync } from 'node:fs';
import pg from 'pg';

/** utime + stime of `pid` from /proc/<pid>/stat (fields 14 and 15, clock ticks of 10 ms); NaN if gone. */
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU of the PostgreSQL backends serving one database during a window: their pids come from
 * pg_stat_activity (polled every 250 ms, since pools open and close connections), and each
 * backend's /proc CPU is counted from the first time it is seen (or its start, when it appeared
 * during the window) to the last. Backends of other databases (other users of the shared server)
 * are not counted.
 */
export class PostgresCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly client: pg.Client, private readonly ownPid: number) {}

  static async open(url: string): Promise<PostgresCpu> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
    return new PostgresCpu(client, rows[0].pid);
  }

  /** Statements this sampler ran (each its own transaction), left out of `commits`. */
  private ownQueries = 0;

  /**
   * Transactions committed in the database so far (pg_stat_database), less this sampler's own.
   * Backends report their counts at most once a second, and within a second of going idle: read
   * it a little after the load stopped (see bench/scenarios/orders.ts).
   */
  async commits(): Promise<number> {
    await this.client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await this.client.query('SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()');
    this.ownQueries += 2;
    return Number(rows[0].n) - this.ownQueries;
  }

  private async sample(initial: boolean): Promise<void> {
    this.ownQueries++;
    const { rows } = await this.client.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'bench-audit'");
    for (const { pid } of rows) {
      if (pid === this.ownPid) continue;
      const cpu = procCpuMs(pid);
      if (Number.isNaN(cpu)) continue;
      if (!this.first.has(pid)) this.first.set(pid, initial ? cpu : 0);
      this.last.set(pid, cpu);
    }
  }

  async start(): Promise<void> {
    this.first.clear();
    this.last.clear();
    await this.sample(true);
    this.timer = setInterval(() => void this.sample(false).catch(() => undefined), 250);
  }

  /** Stop sampling; CPU ms of the database's backends since `start`. */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    await this.sample(false);
    let total = 0;
    for (const [pid, first] of this.first) total += (this.last.get(pid) ?? first) - first;
    return total;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
