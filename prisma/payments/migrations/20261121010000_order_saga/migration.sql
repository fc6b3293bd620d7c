-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'VOIDED';

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "failureReason" TEXT;

