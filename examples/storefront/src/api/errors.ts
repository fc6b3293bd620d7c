import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

export interface ApiError {
  message: string;
  code: string | undefined;
  extensions: Record<string, unknown>;
}

/**
 * The GraphQL errors inside whatever Apollo Client reported: a response with `errors`, or an
 * HTTP error status whose body still holds them (the gateway answers 401/429 with a GraphQL body).
 */
export function apiErrors(error: unknown): ApiError[] {
  let errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> = [];
  if (CombinedGraphQLErrors.is(error)) errors = error.errors;
  else if (ServerError.is(error)) {
    try {
      errors = (JSON.parse(error.bodyText) as { errors?: typeof errors }).errors ?? [];
    } catch {
      errors = [];
    }
  }
  return errors.map((e) => ({ message: e.message, code: e.extensions?.code as string | undefined, extensions: e.extensions ?? {} }));
}

export const hasCode = (error: unknown, code: string) => apiErrors(error).some((e) => e.code === code);

/** Order failure reasons (`Order.failureReason`, a stable code) in words a customer reads. */
export function describeFailureReason(reason: string | null | undefined, paymentReason?: string | null): string {
  switch (reason) {
    case 'OUT_OF_STOCK':
      return 'Some of the items ran out of stock before we could reserve them. Nothing was charged.';
    case 'PAYMENT_DECLINED':
      return `${paymentReason ? `The payment was refused: ${paymentReason}` : 'Your card was declined.'} Nothing was charged; try another card.`;
    case 'PAYMENT_FAILED':
      return 'The payment could not be completed. Nothing was charged; please try again.';
    case 'SERVICE_UNAVAILABLE':
      return 'A service we depend on was unavailable. Nothing was charged; please try again in a moment.';
    case 'RESERVATION_LOST':
      return 'We lost the hold on your items while processing. Nothing was charged; please order again.';
    case null:
    case undefined:
      return '';
    default:
      return `The order failed (${reason}).`;
  }
}

const REASON_WORDS: Record<string, string> = {
  OUT_OF_STOCK: 'Out of stock',
  PAYMENT_DECLINED: 'Payment declined',
  PAYMENT_FAILED: 'Payment failed',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  RESERVATION_LOST: 'Reservation lost',
};

/** A status change's reason code as a short label (timeline). */
export const reasonLabel = (reason: string) => REASON_WORDS[reason] ?? reason.toLowerCase().replace(/_/g, ' ');

/** One sentence for the user, from the first error's `extensions.code`. */
export function describeError(error: unknown): string {
  const first = apiErrors(error)[0];
  if (!first) {
    if (error instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message))) {
      return 'We could not reach the store. Check your connection and try again.';
    }
    if (ServerError.is(error) && error.statusCode === 429) return 'Too many requests. Please wait a minute and try again.';
    return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
  }
  const retryAfter = Number(first.extensions.retryAfter);
  switch (first.code) {
    case 'UNAUTHENTICATED':
      return 'You are signed out. Please sign in again.';
    case 'INVALID_CREDENTIALS':
      return 'That email and password do not match an account.';
    case 'EMAIL_TAKEN':
      return 'An account with that email already exists. Sign in instead.';
    case 'FORBIDDEN':
      return 'Your account is not allowed to do that.';
    case 'RATE_LIMITED':
      return `Too many attempts. Please wait ${Number.isFinite(retryAfter) && retryAfter > 0 ? `${retryAfter} seconds` : 'a minute'} and try again.`;
    case 'OUT_OF_STOCK':
      return 'Sorry, there is not enough stock left for your order. Lower the quantity or remove the item.';
    case 'PRODUCT_UNAVAILABLE':
      return 'One of the products is no longer sold. Remove it from your cart.';
    case 'PAYMENT_DECLINED':
      return 'Your card was declined. Try another card.';
    case 'ORDER_IN_PROGRESS':
      return 'This order is still being processed. Wait a moment and try again.';
    case 'ILLEGAL_TRANSITION':
      return 'The order cannot move to that status from where it is now.';
    case 'NOT_FOUND':
      return 'We could not find that.';
    case 'SERVICE_UNAVAILABLE':
      return 'A service is temporarily unavailable. Please try again in a moment.';
    case 'SKU_TAKEN':
      return 'Another product already has that SKU. Choose a different SKU.';
    case 'CURRENCY_MISMATCH':
      return 'These products are priced in different currencies. Place one order per currency.';
    case 'LAST_ADMIN':
      return 'This is the last admin account. Make someone else an admin first.';
    case 'BAD_USER_INPUT':
      // The API writes these for people: what was expected and what to do.
      return first.message;
    default:
      return 'Something went wrong on our side. Please try again.';
  }
}
