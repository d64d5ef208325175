/** Dispatches `finalize-guard <command>`. Exit codes: 0 ok, 1 failed check or blocked, 2 usage or unreadable input. */
import { formatProblem } from '../policy/validate-file';
import { parseArgs } from './args';
import { decideCommand } from './decide-command';
import { InputError, UsageError, type Io } from './io';
import { testCommand } from './test-command';
import { validateCommand } from './validate-command';
import { VERSION } from './version';

export const USAGE = `Usage:
  finalize-guard validate <files…> [--kind pack|directory|context|cases|site] [--json]
  finalize-guard test <pack> --cases <file> [--threshold <percent>] [--json]
  finalize-guard decide --pack <file>[,<file>…] --directory <file> --context <file> [--json]

Exit codes: 0 valid / passed / allowed; 1 invalid / failed / blocked; 2 usage error or unreadable input.`;

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate': return validateCommand(io, parseArgs(rest, ['kind']));
      case 'test': return await testCommand(io, parseArgs(rest, ['cases', 'threshold']));
      case 'decide': return await decideCommand(io, parseArgs(rest, ['pack', 'directory', 'context']));
      case '--version': case '-V':
        io.out(`finalize-guard ${VERSION}`);
        return 0;
      case undefined: case '--help': case 'help':
        io.out(USAGE);
        return command ? 0 : 2;
      default:
        throw new UsageError(`Unknown command ${JSON.stringify(command)}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`finalize-guard: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`finalize-guard: ${e.message}`);
      for (const r of e.reports) for (const p of r.problems) io.err(`  ${formatProblem(p)}`);
      return 2;
    }
    throw e;
  }
}
