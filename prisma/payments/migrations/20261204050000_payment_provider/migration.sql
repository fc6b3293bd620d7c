-- The provider's own id for the payment (a Stripe PaymentIntent id, or the simulator's),
-- so retries, captures, cancellations, refunds and webhooks find the same charge.
ALTER TABLE "Payment" ADD COLUMN "providerRef" TEXT;
CREATE UNIQUE INDEX "Payment_providerRef_key" ON "Payment"("providerRef");

-- Provider webhook events already handled: a redelivered or replayed event id does nothing.
CREATE TABLE "ProcessedWebhookEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedWebhookEvent_pkey" PRIMARY KEY ("id")
);
