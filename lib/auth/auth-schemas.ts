import { z } from "zod";
import { roles } from "./roles";

export const signInSchema = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });

export const setupSchema = z.object({
  token: z.string().min(1).max(256),
  username: z.string().min(1).max(128),
  password: z.string().max(1024),
});

export const newUserSchema = z.object({
  username: z.string().min(1).max(128),
  /** null: the account signs in only through the trusted proxy header. */
  password: z.string().max(1024).nullable(),
  role: z.enum(roles),
});

export const userChangeSchema = z
  .object({
    role: z.enum(roles).optional(),
    password: z.string().max(1024).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((c) => c.role !== undefined || c.password !== undefined || c.disabled !== undefined, {
    message: "give at least one of role, password, disabled",
  });
