// ringsight CLI: `ringsight neo4j start|stop|status [--port N] [--home DIR]` — manages the
// local Neo4j 5.26 Community server (store/neo4j/server.ts) used for development and CI.

import path from 'node:path';
import { DEFAULTS, neo4jStatus, startNeo4j, stopNeo4j, type Neo4jServerOptions } from '../../store/neo4j/server.js';

const USAGE = `usage: ringsight neo4j <start|stop|status> [--port N] [--home DIR]

  start    build (first run: Maven fetches Neo4j) and start the server, wait for Bolt
  stop     stop it cleanly (SIGTERM, waits for the checkpoint)
  status   print whether it runs and its Bolt URI (exit 0 if running, 3 if not)

  --port N    Bolt port on 127.0.0.1 (default ${DEFAULTS.boltPort})
  --home DIR  data/log/pid directory (default ${DEFAULTS.home}/ in the project root)

Credentials: user '${DEFAULTS.user}', password '${DEFAULTS.password}'.`;

export async function neo4jCommand(args: string[]): Promise<number> {
  const opts: Partial<Neo4jServerOptions> = {};
  let action: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--port') {
      const v = value();
      const port = Number(v);
      if (!v || !Number.isInteger(port) || port < 1 || port > 65535) {
        process.stderr.write(`ringsight neo4j: --port needs a port number, got '${v ?? ''}'\n`);
        return 2;
      }
      opts.boltPort = port;
    } else if (flag === '--home') {
      const v = value();
      if (!v) {
        process.stderr.write('ringsight neo4j: --home needs a directory\n');
        return 2;
      }
      opts.home = path.resolve(process.cwd(), v);
    } else if (flag === '-h' || flag === '--help' || flag === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (!flag.startsWith('-') && action === undefined) {
      action = flag;
    } else {
      process.stderr.write(`ringsight neo4j: unexpected argument '${a}'\n${USAGE}\n`);
      return 2;
    }
  }

  try {
    switch (action) {
      case 'start': {
        const r = await startNeo4j(opts);
        process.stdout.write(
          `neo4j ${r.alreadyRunning ? 'already running' : 'started'}: ${r.uri} (pid ${r.pid}, home ${r.home})\n`
        );
        return 0;
      }
      case 'stop': {
        const r = await stopNeo4j(opts);
        process.stdout.write(r.wasRunning ? `neo4j stopped (pid ${r.pid})\n` : 'neo4j was not running\n');
        return 0;
      }
      case 'status': {
        const s = await neo4jStatus(opts);
        process.stdout.write(
          s.running
            ? `neo4j running: ${s.uri} (pid ${s.pid}, user ${s.user ?? '?'}, since ${s.startedAt ?? '?'}, home ${s.home})\n`
            : `neo4j not running (home ${s.home}, would listen on ${s.uri})\n`
        );
        return s.running ? 0 : 3;
      }
      default:
        process.stderr.write(`${action ? `ringsight neo4j: unknown action '${action}'\n` : ''}${USAGE}\n`);
        return 2;
    }
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}
