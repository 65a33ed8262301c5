import { exportCommand } from "./export-command";
import { executionsCommand, executionsUsage } from "./executions-command";
import { importCommand } from "./import-command";
import { syncCommand } from "./sync-command";
import { runCommand } from "./run-command";
import { tracesCommand, tracesUsage } from "./traces-command";
import { usersCommand, usersUsage } from "./users-command";
import { alertsCommand, alertsUsage } from "./alerts-command";
import { CliUsageError } from "./cli-usage-error";
import { testCommand, testUsage } from "./test-command";

const usage = `usage: stepscope <command> [options]

commands:
  import <file>... [--execution-arn <arn>]   store histories (get-execution-history JSON, bundles, Express log records)
  ${executionsUsage}
  export <execution-arn> [--mock-config]     print a stored history as get-execution-history prints it, or
                                             (--mock-config) a MockConfigFile reproducing its Task results
  sync [--source <name>] [--region <r> [--endpoint <url>]]
                                             collect from AWS once (every AWS source, one, or an ad-hoc region/endpoint)
  run <definition.json> [options]           run a definition in the bundled interpreter
  ${testUsage}
  ${usersUsage}
  ${tracesUsage}
  ${alertsUsage}

Every command honours DATABASE_URL; without it, the embedded Postgres in STEPSCOPE_DATA_DIR (default .data/) is used.`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "import":
        return await importCommand(rest);
      case "executions":
        return await executionsCommand(rest);
      case "export":
        return await exportCommand(rest);
      case "run":
        return await runCommand(rest);
      case "test":
        return await testCommand(rest);
      case "sync":
        return await syncCommand(rest);
      case "users":
        return await usersCommand(rest);
      case "traces":
        return await tracesCommand(rest);
      case "alerts":
        return await alertsCommand(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(`${usage}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new CliUsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`stepscope: ${err.message}\n\n${usage}\n`);
      return 2;
    }
    process.stderr.write(`stepscope: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
