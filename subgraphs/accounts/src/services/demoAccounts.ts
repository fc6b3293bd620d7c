import { verify } from '@node-rs/argon2';
import { DEMO_CUSTOMERS } from '@ordergraph/demo-data';
import type { PrismaClient } from '../generated/prisma/client.js';

const DEMO_PASSWORDS = new Map(DEMO_CUSTOMERS.map((c) => [c.email, c.password]));

/** The README publishes these credentials: in production they must not let anyone in. */
export const isDemoCredential = (email: string, password: string) => DEMO_PASSWORDS.get(email.trim().toLowerCase()) === password;

/** A password the README publishes, whatever the account: never acceptable for a real admin. */
export const isPublishedPassword = (password: string) => [...DEMO_PASSWORDS.values()].includes(password);

/** Demo accounts that still have their published password (the seed's, or set again by hand). */
export async function demoAccountsWithPublishedPasswords(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.customer.findMany({ where: { email: { in: [...DEMO_PASSWORDS.keys()] } }, select: { email: true, passwordHash: true } });
  const exposed = await Promise.all(rows.map(async (row) => ((await verify(row.passwordHash, DEMO_PASSWORDS.get(row.email)!)) ? row.email : null)));
  return exposed.filter((email): email is string => email !== null);
}
