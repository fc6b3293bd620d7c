// A local fake of the part of Stripe's HTTP API the adapter uses (PaymentIntents create /
// retrieve / capture / cancel, refunds), so StripeProvider is tested through the real `stripe`
// client and its retries without the network. Written here because no maintained npm package
// offers it (stripe-mock is a Go binary and does not keep state or honour idempotency keys).
// It honours Idempotency-Key like Stripe (same key and parameters → the stored response,
// marked Idempotent-Replayed; different parameters → 400 idempotency_error) and can inject
// faults into the next requests.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Fault = { kind: 'status'; status: number } | { kind: 'lose-response' } | { kind: 'hang' };
interface Intent { id: string; object: 'payment_intent'; amount: number; currency: string; status: string; metadata: Record<string, string>; amount_received: number; last_payment_error: null | { code: string } }
interface Stored { fingerprint: string; status: number; body: unknown }

const DECLINED = new Set(['pm_card_chargeDeclined', 'pm_card_visa_chargeDeclined', 'tok_chargeDeclined']);
const NEEDS_ACTION = new Set(['pm_card_threeDSecure2Required', 'pm_card_authenticationRequired']);

export class FakeStripe {
  readonly intents = new Map<string, Intent>();
  readonly refunds: Array<{ id: string; payment_intent: string; amount: number }> = [];
  /** Every request that reached the fake (including retries and replays). */
  readonly requests: Array<{ method: string; path: string; idempotencyKey?: string; replayed: boolean }> = [];
  private readonly faults: Fault[] = [];
  private readonly stored = new Map<string, Stored>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next requests meet these faults, one each, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Move an intent on, as the customer or the bank would (3-D Secure completed, failed…). */
  settle(id: string, status: string): Intent {
    const intent = this.intents.get(id)!;
    intent.status = status;
    return intent;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => resolve(text));
    });
    const key = req.headers['idempotency-key'] as string | undefined;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const fault = this.faults.shift();
    const previous = key ? this.stored.get(key) : undefined;
    this.requests.push({ method: req.method ?? '', path, idempotencyKey: key, replayed: !!previous });
    if (fault?.kind === 'hang') return; // the client's timeout ends it
    if (fault?.kind === 'status') return this.send(res, fault.status, { error: { type: 'api_error', message: 'Injected fault.' } });
    const fingerprint = `${req.method} ${path} ${body}`;
    let result: Stored;
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return this.send(res, 400, { error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } });
      }
      res.setHeader('idempotent-replayed', 'true');
      result = previous;
    } else {
      result = { fingerprint, ...this.route(req.method ?? '', path, new URLSearchParams(body)) };
      if (key && req.method === 'POST') this.stored.set(key, result);
    }
    // The request was processed, but the response never reaches the client (a cut connection).
    if (fault?.kind === 'lose-response') return void res.socket?.destroy();
    this.send(res, result.status, result.body);
  }

  private route(method: string, path: string, form: URLSearchParams): { status: number; body: unknown } {
    const [, , resource, id, action] = path.split('/'); // /v1/<resource>/<id>/<action>
    if (resource === 'payment_intents' && method === 'POST' && !id) return this.create(form);
    const intent = id ? this.intents.get(id) : undefined;
    if (resource === 'payment_intents' && !intent) return invalid(404, 'resource_missing', `No such payment_intent: '${id}'`);
    if (resource === 'payment_intents' && method === 'GET') return { status: 200, body: intent };
    if (resource === 'payment_intents' && action === 'capture') {
      if (intent!.status !== 'requires_capture') return unexpectedState(intent!);
      Object.assign(intent!, { status: 'succeeded', amount_received: intent!.amount });
      return { status: 200, body: intent };
    }
    if (resource === 'payment_intents' && action === 'cancel') {
      if (intent!.status === 'succeeded' || intent!.status === 'canceled') return unexpectedState(intent!);
      intent!.status = 'canceled';
      return { status: 200, body: intent };
    }
    if (resource === 'refunds' && method === 'POST') return this.refund(form);
    return invalid(404, 'resource_missing', `Unrecognized request URL (${method}: ${path}).`);
  }

  private create(form: URLSearchParams) {
    const id = `pi_${randomBytes(12).toString('hex')}`;
    const method = form.get('payment_method') ?? '';
    const intent: Intent = {
      id, object: 'payment_intent', amount: Number(form.get('amount')), currency: form.get('currency') ?? '', status: 'requires_capture',
      metadata: { orderId: form.get('metadata[orderId]') ?? '' }, amount_received: 0, last_payment_error: null,
    };
    this.intents.set(id, intent);
    if (DECLINED.has(method)) {
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: { code: 'card_declined' } });
      return { status: 402, body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_intent: intent } } };
    }
    if (NEEDS_ACTION.has(method)) intent.status = 'requires_action';
    return { status: 200, body: intent };
  }

  private refund(form: URLSearchParams) {
    const intent = this.intents.get(form.get('payment_intent') ?? '');
    if (!intent || intent.status !== 'succeeded') return invalid(400, 'payment_intent_unexpected_state', 'This PaymentIntent has no successful charge to refund.');
    const amount = Number(form.get('amount') ?? intent.amount_received);
    const refunded = this.refunds.filter((r) => r.payment_intent === intent.id).reduce((sum, r) => sum + r.amount, 0);
    if (refunded >= intent.amount_received) return invalid(400, 'charge_already_refunded', 'Charge has already been refunded.');
    if (amount > intent.amount_received - refunded) return invalid(400, 'amount_too_large', 'Refund amount is greater than unrefunded amount on charge.');
    const refund = { id: `re_${randomBytes(12).toString('hex')}`, object: 'refund', payment_intent: intent.id, amount, status: 'succeeded' };
    this.refunds.push(refund);
    return { status: 200, body: refund };
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` });
    res.end(JSON.stringify(body));
  }
}

const invalid = (status: number, code: string, message: string) => ({ status, body: { error: { type: 'invalid_request_error', code, message } } });
const unexpectedState = (intent: Intent) => ({
  status: 400,
  body: { error: { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: `This PaymentIntent's status is ${intent.status}.`, payment_intent: intent } },
});
