import type { Customer } from './generated/prisma/client.js';

export type CustomerModel = Customer;
export interface AuthPayloadModel {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  customer: CustomerModel;
}
