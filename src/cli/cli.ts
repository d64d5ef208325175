/** Dispatches `finalize-guard <command>`. Exit codes: see USAGE (the README's CLI section says the same). */
import { formatProblem } from '../policy/validate-file';
import { parseArgs } from './args';
import { decideCommand } from './decide-command';
import { POLICY_HELP, policyCommand } from './policy-command';
import { InputError, UsageError, type Io } from './io';
import { testCommand } from './test-command';
import { validateCommand } from './validate-command';
import { VERSION } from './version';

const USAGE = `Usage:
  finalize-guard validate <files…> [--kind pack|directory|context|cases|site|bundle] [--json]
  finalize-guard test [<pack>…] --cases <file> [--threshold <percent>] [--json]
  finalize-guard decide --pack <file>[,<file>…] --directory <file> --context <file> [--json]
  finalize-guard policy <bundle.json> [--out <file>] [--read-only] [--extension-id <id>] [--firefox]   (policy --help: how IT deploys it)
  finalize-guard --version

validate checks each file, then all of them together as the admin console's publish does.

Exit codes:
  0  valid / passed / allowed / written
  1  validate found a problem (invalid JSON included); test failed; decide blocked or would-block
  2  usage error; a file that cannot be read; for test, decide and policy, an invalid input file`;

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return validateCommand(io, parseArgs(rest, ['kind']));
      case 'test':
        return await testCommand(io, parseArgs(rest, ['cases', 'threshold']));
      case 'decide':
        return await decideCommand(io, parseArgs(rest, ['pack', 'directory', 'context']));
      case 'policy':
        return policyCommand(io, parseArgs(rest, ['out', 'extension-id']));
      case '--version':
      case '-V':
        io.out(`finalize-guard ${VERSION}`);
        return 0;
      case undefined:
      case '--help':
      case 'help':
        io.out(command ? `${USAGE}\n\n${POLICY_HELP}` : USAGE);
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
