/**
 * Test helper: runs `ringsight serve` with the given flags in its own
 * process. Used until (and whether or not) cli/main.ts dispatches `serve`,
 * so the viewer tests exercise the real command either way.
 */
import { serveCommand } from '../../cli/commands/serve.js';

process.exitCode = await serveCommand(process.argv.slice(2));
