import { verify } from '@node-rs/argon2';
import { appError, badInput, ErrorCode, notFound } from '@ordergraph/core';
import type { PrismaClient, Role } from '../generated/prisma/client.js';
import type { CustomerModel } from '../mappers.js';
import { hashPassword, validatePassword, normaliseEmail } from './auth.js';
import { isPublishedPassword } from './demoAccounts.js';
import type { RefreshTokens } from './refreshTokens.js';

// One lock for every role change, so two ADMINs demoting each other cannot both pass the
// last-admin check (works the same on PostgreSQL and PGlite).
const ROLE_LOCK = 7_151_520;

export interface AdminInput {
  email: string;
  /** Required to create the account; replaces the password of an existing one when given. */
  password?: string;
  /** @default the email's local part */
  name?: string;
}

/** Create the first admin, or promote (and optionally re-password) an existing account. Idempotent. */
export async function createOrPromoteAdmin(prisma: PrismaClient, input: AdminInput): Promise<{ customer: CustomerModel; action: 'created' | 'promoted' | 'unchanged' | 'password changed' }> {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined) {
    validatePassword(input.password);
    if (isPublishedPassword(input.password)) throw badInput('That password is published in the README (a demo password); choose another.', { field: 'password' });
  }
  const existing = await prisma.customer.findUnique({ where: { email } });
  // The same password again changes nothing (a re-run is idempotent); a new one replaces the old.
  const samePassword = existing && input.password !== undefined && (await verify(existing.passwordHash, input.password));
  const passwordHash = input.password === undefined || samePassword ? undefined : await hashPassword(input.password);
  if (!existing) {
    if (!passwordHash) throw badInput(`No account for ${email} yet: give a password to create it.`, { field: 'password' });
    const name = (input.name ?? email.split('@')[0]!).trim().slice(0, 100) || 'Admin';
    return { customer: await prisma.customer.create({ data: { email, name, passwordHash, role: 'ADMIN' } }), action: 'created' };
  }
  const customer = await prisma.customer.update({ where: { id: existing.id }, data: { role: 'ADMIN', ...(passwordHash ? { passwordHash } : {}) } });
  return { customer, action: existing.role !== 'ADMIN' ? 'promoted' : passwordHash ? 'password changed' : 'unchanged' };
}

/**
 * Change a customer's role (ADMIN only, checked by the schema). Refuses to remove the last
 * ADMIN. A demoted account's sessions end, so its next refresh cannot mint an ADMIN token;
 * access tokens already issued expire within ACCESS_TOKEN_TTL_SECONDS.
 */
export async function setCustomerRole(prisma: PrismaClient, refreshTokens: RefreshTokens, customerId: string, role: Role): Promise<CustomerModel> {
  if (role !== 'ADMIN' && role !== 'CUSTOMER') throw badInput(`"role" must be ADMIN or CUSTOMER; received ${String(role)}.`, { field: 'role' });
  const { customer, demoted } = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROLE_LOCK})`;
    const current = await tx.customer.findUnique({ where: { id: customerId } });
    if (!current) throw notFound('Customer', customerId);
    if (current.role === 'ADMIN' && role !== 'ADMIN' && (await tx.customer.count({ where: { role: 'ADMIN' } })) <= 1) {
      throw appError(ErrorCode.LAST_ADMIN, 'This is the last ADMIN: promote another account first, then change this one.', { details: { customerId } });
    }
    const updated = current.role === role ? current : await tx.customer.update({ where: { id: customerId }, data: { role } });
    return { customer: updated, demoted: current.role === 'ADMIN' && role !== 'ADMIN' };
  });
  if (demoted) await refreshTokens.revokeAll(customerId);
  return customer;
}
