-- Money in a 64-bit column, as the orders' totals it charges (see orders' money_bigint).
ALTER TABLE "Payment" ALTER COLUMN "amount" TYPE BIGINT;
