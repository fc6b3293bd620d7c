import { appError, badInput, ErrorCode } from '@ordergraph/core';
import type { PaymentStatus, PrismaClient } from '../generated/prisma/client.js';
import type { PaymentModel } from '../mappers.js';
import { ProviderUnavailable, type SimulatedProvider } from './SimulatedProvider.js';

export interface PaymentRef {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
}

export interface ChargeInput extends PaymentRef {
  paymentMethod: string;
}

export interface PaymentResult {
  orderId: string;
  status: PaymentStatus;
  failureReason: string | null;
}

const FINAL: PaymentStatus[] = ['CAPTURED', 'DECLINED', 'VOIDED', 'REFUNDED', 'FAILED'];
const result = (p: PaymentModel): PaymentResult => ({ orderId: p.orderId, status: p.status, failureReason: p.failureReason });
const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * Payments of the order saga, one per order (`orderId` is unique), so a retried charge
 * never charges twice. Status moves only by conditional updates from the expected state:
 * PENDING → AUTHORIZED → CAPTURED → REFUNDED, PENDING → DECLINED, PENDING|AUTHORIZED → VOIDED.
 */
export class PaymentService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly provider: SimulatedProvider,
  ) {}

  async charge(input: ChargeInput): Promise<PaymentResult> {
    if (!Number.isInteger(input.amount) || input.amount < 0) throw badInput(`"amount" must be a non-negative integer; received ${input.amount}.`);
    const payment = await this.findOrCreate(input, 'PENDING');
    if (payment.amount !== BigInt(input.amount) || payment.currency !== input.currency) {
      throw badInput(`Order ${input.orderId} was already charged a different amount.`);
    }
    if (FINAL.includes(payment.status)) return result(payment);
    if (payment.status === 'PENDING') {
      let authorization;
      try {
        authorization = await this.provider.authorize(input.paymentMethod, input.amount);
      } catch (error) {
        if (error instanceof ProviderUnavailable) throw appError(ErrorCode.SERVICE_UNAVAILABLE, error.message);
        throw error;
      }
      const next = authorization.approved
        ? { status: 'AUTHORIZED' as const, failureReason: null }
        : { status: 'DECLINED' as const, failureReason: authorization.reason };
      await this.prisma.payment.updateMany({ where: { orderId: input.orderId, status: 'PENDING' }, data: next });
    }
    // Capture only what is still authorized (a concurrent void wins over a late capture).
    await this.prisma.payment.updateMany({ where: { orderId: input.orderId, status: 'AUTHORIZED' }, data: { status: 'CAPTURED' } });
    return result(await this.get(input.orderId));
  }

  /**
   * Undo whatever was charged for the order: cancel an authorization, refund a capture, or,
   * if nothing was ever charged, leave a VOIDED tombstone so a late charge does nothing.
   */
  async void(ref: PaymentRef): Promise<PaymentResult> {
    const payment = await this.findOrCreate(ref, 'VOIDED');
    await this.prisma.payment.updateMany({ where: { orderId: ref.orderId, status: { in: ['PENDING', 'AUTHORIZED'] } }, data: { status: 'VOIDED' } });
    if (payment.status === 'CAPTURED' || (await this.get(ref.orderId)).status === 'CAPTURED') return this.refund(ref.orderId);
    return result(await this.get(ref.orderId));
  }

  /** Give a captured payment back (order cancelled after confirmation). */
  async refund(orderId: string): Promise<PaymentResult> {
    await this.prisma.payment.updateMany({ where: { orderId, status: 'CAPTURED' }, data: { status: 'REFUNDED' } });
    return result(await this.get(orderId));
  }

  private async findOrCreate(ref: PaymentRef, status: PaymentStatus): Promise<PaymentModel> {
    const existing = await this.prisma.payment.findUnique({ where: { orderId: ref.orderId } });
    if (existing) return existing;
    try {
      return await this.prisma.payment.create({
        data: { orderId: ref.orderId, customerId: ref.customerId, amount: ref.amount, currency: ref.currency, status },
      });
    } catch (error) {
      if (isUniqueViolation(error)) return this.get(ref.orderId);
      throw error;
    }
  }

  private async get(orderId: string): Promise<PaymentModel> {
    const payment = await this.prisma.payment.findUnique({ where: { orderId } });
    if (!payment) throw appError(ErrorCode.NOT_FOUND, `No payment for order ${orderId}.`);
    return payment;
  }
}
