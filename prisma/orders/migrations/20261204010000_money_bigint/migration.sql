-- Money in 64-bit columns: 50 lines × 1,000 units × the highest price (100,000,000 minor units)
-- is 5 × 10^12, far past INTEGER. The API still refuses totals above its Int (2^31 − 1).
ALTER TABLE "Order" ALTER COLUMN "totalAmount" TYPE BIGINT;
ALTER TABLE "OrderItem" ALTER COLUMN "unitPriceAmount" TYPE BIGINT;
