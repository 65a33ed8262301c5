import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import { AppError } from "@/lib/errors/app-error";
import { cliActor } from "@/lib/auth/actor";
import { isRole, type Role } from "@/lib/auth/roles";
import { checkPassword, createUser, findUserByName, listUsers, updateUser } from "@/lib/auth/users";
import type { Database } from "@/lib/db/database";
import { CliUsageError } from "./cli-usage-error";
import { readPassword } from "./read-password";
import { withCliDatabase } from "./with-cli-database";

export const usersUsage = `users add <username> --role <viewer|operator|admin> [--proxy-only]
                                             add an account (password asked on the terminal, or the first line of stdin)
  users list [--json]                        the accounts and their roles
  users set-role <username> <role>           change a role
  users set-password <username>              set a new password (ends the user's sessions)
  users disable|enable <username>            stop or allow an account's sign-in`;

function roleArg(value: string | undefined): Role {
  if (!isRole(value)) throw new CliUsageError(`users: --role must be viewer, operator or admin, got '${value ?? ""}'`);
  return value;
}

/**
 * `stepscope users …`: account administration from a shell on the server (how the first
 * admin is made without the setup token). Whoever runs the CLI reaches the database
 * directly, so it acts as admin; each change is audited as `cli:<os user>`.
 */
export async function usersCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, "proxy-only": { type: "boolean" }, json: { type: "boolean" } },
  });
  const [sub, username, extra] = positionals;
  const actor = cliActor(userInfo().username);
  const run = (fn: (db: Database) => Promise<number>) =>
    withCliDatabase(async (db) => {
      try {
        return await fn(db);
      } catch (err) {
        if (err instanceof AppError) {
          process.stderr.write(`stepscope users: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    });
  const existing = async (db: Database, name: string | undefined) => {
    if (!name) throw new CliUsageError(`users ${sub}: name the user`);
    const user = await findUserByName(db.prisma, name);
    if (!user) throw new AppError({ code: "not_found", message: `no user named '${name}'` });
    return user;
  };
  switch (sub) {
    case "add": {
      if (!username) throw new CliUsageError("users add: name the user");
      const role = roleArg(values.role);
      // Hashed before the transaction opens (see checkPassword).
      const password = await checkPassword(
        values["proxy-only"] ? null : await readPassword(`password for ${username}`),
      );
      return run(async (db) => {
        const user = await db.prisma.$transaction(async (tx) => {
          const created = await createUser(tx, { username, password, role });
          await recordAudit(sqlClientOf(tx), actor, {
            action: "user.create",
            targetType: "user",
            targetId: created.id,
            details: { username, role },
            outcome: "OK",
          });
          return created;
        });
        process.stdout.write(`added ${user.username} (${user.role})\n`);
        return 0;
      });
    }
    case "list":
      return run(async (db) => {
        const users = await listUsers(db);
        for (const u of users) {
          process.stdout.write(
            values.json
              ? `${JSON.stringify(u)}\n`
              : `${u.username}\t${u.role}\t${u.disabled ? "disabled" : "active"}\t${u.signsInWith}\t${u.lastLoginAt ?? "never signed in"}\n`,
          );
        }
        return 0;
      });
    case "set-role":
    case "set-password":
    case "disable":
    case "enable": {
      const change =
        sub === "set-role"
          ? { role: roleArg(extra) }
          : sub === "set-password"
            ? { password: await checkPassword(await readPassword(`new password for ${username ?? ""}`)) }
            : { disabled: sub === "disable" };
      return run(async (db) => {
        const user = await existing(db, username);
        await db.prisma.$transaction(async (tx) => {
          await updateUser(tx, user.id, change);
          const details = { username: user.username, ...("password" in change ? { passwordChanged: true } : change) };
          await recordAudit(sqlClientOf(tx), actor, {
            action: "user.update",
            targetType: "user",
            targetId: user.id,
            details,
            outcome: "OK",
          });
        });
        process.stdout.write(`updated ${user.username}\n`);
        return 0;
      });
    }
    default:
      throw new CliUsageError(
        `users: unknown subcommand '${sub ?? ""}' (add, list, set-role, set-password, disable, enable)`,
      );
  }
}
