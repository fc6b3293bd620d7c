import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { unauthenticated } from '@ordergraph/core';
import type { PrismaClient } from '../generated/prisma/client.js';

/** 256 random bits: too much entropy to guess, so a fast hash (not argon2) is enough to store it. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const MAX_TOKEN_LENGTH = 128;

/**
 * Rotating refresh tokens (RFC 9700 §4.14). Each exchange marks the presented token used
 * and issues the next one in the same family; presenting a used or revoked token again
 * means it leaked, so the whole family (that sign-in on every device it reached) is revoked.
 */
export class RefreshTokens {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlSeconds: number,
  ) {}

  /** A new token in `familyId`, or in a new family (a new sign-in). */
  async issue(customerId: string, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.prisma.refreshToken.create({
      data: { familyId, customerId, tokenHash: hashOf(token), expiresAt: new Date(now + this.ttlSeconds * 1000) },
    });
    // Housekeeping: this customer's long-expired tokens are of no use to anybody.
    await this.prisma.refreshToken.deleteMany({ where: { customerId, expiresAt: { lt: new Date(now - 86_400_000) } } });
    return token;
  }

  /** Exchange a token for the next one. @returns the customer id and the new token. */
  async rotate(token: string): Promise<{ customerId: string; refreshToken: string }> {
    const invalid = () => unauthenticated('The refresh token is invalid, expired or revoked. Sign in again.');
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalid();
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hashOf(token) } });
    if (!row || row.revokedAt) throw invalid();
    if (row.usedAt) {
      await this.revokeFamily(row.familyId);
      throw invalid();
    }
    if (row.expiresAt.getTime() <= Date.now()) throw invalid();
    // Conditional update: of two concurrent exchanges of one token exactly one wins; the
    // loser is indistinguishable from a replay and is treated as one.
    const claimed = await this.prisma.refreshToken.updateMany({
      where: { id: row.id, usedAt: null, revokedAt: null },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) {
      await this.revokeFamily(row.familyId);
      throw invalid();
    }
    return { customerId: row.customerId, refreshToken: await this.issue(row.customerId, row.familyId) };
  }

  /** Sign out one session: revoke the family of `token`. Unknown tokens are ignored (nothing to reveal). */
  async revoke(token: string): Promise<void> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return;
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hashOf(token) } });
    if (row) await this.revokeFamily(row.familyId);
  }

  /** Sign out everywhere. @returns how many live sessions ended. */
  async revokeAll(customerId: string): Promise<number> {
    const families = await this.prisma.refreshToken.findMany({
      where: { customerId, revokedAt: null, usedAt: null, expiresAt: { gt: new Date() } },
      select: { familyId: true },
      distinct: ['familyId'],
    });
    await this.prisma.refreshToken.updateMany({ where: { customerId, revokedAt: null }, data: { revokedAt: new Date() } });
    return families.length;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }
}
