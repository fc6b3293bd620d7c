import { hash, verify } from '@node-rs/argon2';
import { appError, badInput, ErrorCode, unauthenticated } from '@ordergraph/core';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { AuthPayloadModel, CustomerModel } from '../mappers.js';
import type { AccessTokenIssuer } from './accessTokens.js';
import { isDemoCredential } from './demoAccounts.js';
import type { RefreshTokens } from './refreshTokens.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 256;
const MAX_NAME = 100;

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
}

/** Password hashing is argon2id (OWASP's first choice), via @node-rs/argon2. */
export const hashPassword = (password: string) => hash(password);

export const normaliseEmail = (input: string): string => {
  const email = input.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) {
    throw badInput(`"email" must be an email address such as ada@example.com; received "${input.slice(0, 100)}".`, { field: 'email' });
  }
  return email;
};

export const validatePassword = (password: string): void => {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    throw badInput(`"password" must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long.`, { field: 'password' });
  }
};

export interface AuthOptions {
  /** Production (unless ALLOW_DEMO_ACCOUNTS): the README's demo logins never sign in. @default false */
  refuseDemoCredentials?: boolean;
}

/**
 * Sign-up, sign-in, token refresh and sign-out. Passwords never leave this class in any
 * form but an argon2 hash; refresh tokens never leave it but to their owner.
 */
export class AuthService {
  // Verified against when the email is unknown, so both failures take the same time.
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokens,
    private readonly refreshTokenTtlSeconds: number,
    private readonly options: AuthOptions = {},
  ) {
    this.dummyHash = hashPassword('timing-equaliser-not-a-real-password');
  }

  async signUp(input: SignUpInput): Promise<AuthPayloadModel> {
    const email = normaliseEmail(input.email);
    const name = input.name.trim();
    validatePassword(input.password);
    if (this.options.refuseDemoCredentials && isDemoCredential(email, input.password)) {
      throw badInput('That email and password are the published demo login; choose another password.', { field: 'password' });
    }
    if (name.length === 0 || name.length > MAX_NAME) {
      throw badInput(`"name" must be 1 to ${MAX_NAME} characters long.`, { field: 'name' });
    }
    const passwordHash = await hashPassword(input.password);
    try {
      const customer = await this.prisma.customer.create({ data: { email, name, passwordHash, role: 'CUSTOMER' } });
      return this.issue(customer);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') {
        throw appError(ErrorCode.EMAIL_TAKEN, `An account for ${email} already exists. Sign in instead.`, { details: { field: 'email' } });
      }
      throw error;
    }
  }

  async signIn(emailInput: string, password: string): Promise<AuthPayloadModel> {
    const email = emailInput.trim().toLowerCase();
    const customer = email.length <= 254 ? await this.prisma.customer.findUnique({ where: { email } }) : null;
    const ok = password.length <= MAX_PASSWORD && (await verify(customer?.passwordHash ?? (await this.dummyHash), password));
    // Same answer as a wrong password: the published demo logins simply do not work in production.
    if (!customer || !ok || (this.options.refuseDemoCredentials && isDemoCredential(email, password))) {
      throw appError(ErrorCode.INVALID_CREDENTIALS, 'The email or password is wrong.');
    }
    return this.issue(customer);
  }

  /** Exchange a refresh token for a new access token and the next refresh token. */
  async refresh(refreshToken: string): Promise<AuthPayloadModel> {
    const { customerId, refreshToken: next } = await this.refreshTokens.rotate(refreshToken);
    const customer = await this.prisma.customer.findUnique({ where: { id: customerId } });
    if (!customer) throw unauthenticated('The account no longer exists. Sign in again.');
    // Re-reading the customer means a role change takes effect at the next refresh.
    return this.payload(customer, next);
  }

  signOut(refreshToken: string): Promise<void> {
    return this.refreshTokens.revoke(refreshToken);
  }

  signOutEverywhere(customerId: string): Promise<number> {
    return this.refreshTokens.revokeAll(customerId);
  }

  private async issue(customer: CustomerModel): Promise<AuthPayloadModel> {
    return this.payload(customer, await this.refreshTokens.issue(customer.id));
  }

  private async payload(customer: CustomerModel, refreshToken: string): Promise<AuthPayloadModel> {
    const accessToken = await this.accessTokens.sign({ customerId: customer.id, role: customer.role });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.accessTokens.ttlSeconds,
      refreshToken,
      refreshExpiresIn: this.refreshTokenTtlSeconds,
      customer,
    };
  }
}
